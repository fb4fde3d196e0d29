package org.marketcache.deploycheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Rules about the kustomize layer itself: its files, its image overrides, and the example Secret. */
final class KustomizeRules {

    private KustomizeRules() {
    }

    /** The kustomization file of this build and of every base it uses validates against kustomization.schema.json. */
    static List<String> kustomizationSchema(Schemas schemas, Kustomize.Build build) {
        List<String> violations = new ArrayList<>(schemas.validateKustomization(build.source(), build.kustomization()));
        build.bases().forEach(b -> violations.addAll(kustomizationSchema(schemas, b)));
        return violations;
    }

    /**
     * In a base, every container image is the bare name of its function's image (marketcache-read for the read
     * Service, marketcache-admin for the migration Job), without registry, tag or digest: only overlays decide those.
     */
    static List<String> baseImagesAreBareNames(Kustomize.Build base) {
        List<String> violations = new ArrayList<>();
        for (Manifest m : base.manifests()) {
            for (Map<String, Object> container : Kustomize.containers(m)) {
                String image = Tree.string(container, "image");
                Kustomize.ImageRef ref = Kustomize.ImageRef.parse(image);
                if (ref == null || ref.tag() != null || ref.digest() != null || ref.name().contains("/")) {
                    violations.add(m.id() + ": a base names images bare (marketcache-<function>), found " + image);
                    continue;
                }
                String expected = expectedImage(m);
                if (expected != null && !expected.equals(ref.name())) {
                    violations.add(m.id() + ": runs image " + ref.name() + ", expected " + expected);
                }
            }
        }
        return violations;
    }

    /**
     * In an overlay, every function's image is overridden, each override names an image the bases use, and the
     * rendered images carry a registry and an immutable-looking reference (a tag other than latest, or a digest)
     * whose repository is still the function's own image.
     */
    static List<String> overlayImages(Kustomize.Build overlay) {
        List<String> violations = new ArrayList<>();
        Set<String> baseImages = new TreeSet<>();
        overlay.baseManifests().forEach(m -> Kustomize.containers(m).forEach(c -> baseImages.add(Kustomize.ImageRef.parse(Tree.string(c, "image")).name())));
        Set<String> overridden = new TreeSet<>();
        for (Map<String, Object> image : overlay.images()) {
            String name = Tree.string(image, "name");
            overridden.add(name);
            if (!baseImages.contains(name)) {
                violations.add(overlay.source() + ": image override " + name + " matches no image of the bases " + baseImages);
            }
        }
        for (String function : Contract.FUNCTIONS) {
            if (!overridden.contains(Contract.imageName(function))) {
                violations.add(overlay.source() + ": no images entry for " + Contract.imageName(function) + "; the Service would pull a bare name");
            }
        }
        for (Manifest m : overlay.manifests()) {
            for (Map<String, Object> container : Kustomize.containers(m)) {
                Kustomize.ImageRef ref = Kustomize.ImageRef.parse(Tree.string(container, "image"));
                if (!ref.hasRegistry()) {
                    violations.add(m.id() + ": image " + ref + " has no registry");
                }
                if (ref.digest() == null && (ref.tag() == null || "latest".equals(ref.tag()))) {
                    violations.add(m.id() + ": image " + ref + " must be pinned by a version tag or a digest, never latest or untagged");
                }
                String expected = expectedImage(m);
                String repository = ref.name().substring(ref.name().lastIndexOf('/') + 1);
                if (expected != null && !expected.equals(repository)) {
                    violations.add(m.id() + ": the override turned its image into " + ref + "; it must stay the " + expected + " repository");
                }
            }
        }
        return violations;
    }

    /**
     * The example Secret holds placeholders only, is named as the workloads reference it, carries exactly the
     * secret keys, and no kustomization deploys it.
     */
    static List<String> secretExample(Path exampleFile, List<Kustomize.Build> builds) {
        List<String> violations = new ArrayList<>();
        List<Manifest> docs = Manifest.load(exampleFile);
        if (docs.size() != 1 || !docs.get(0).is("v1", "Secret")) {
            return List.of(Repo.display(exampleFile) + ": must hold exactly one v1 Secret");
        }
        Manifest example = docs.get(0);
        if (!Contract.SECRET.equals(example.name())) {
            violations.add(example.id() + ": must be named " + Contract.SECRET + ", the name the workloads reference");
        }
        if (!"true".equals(Tree.string(example.body(), "metadata", "annotations", "marketcache.org/example"))) {
            violations.add(example.id() + ": must carry the annotation marketcache.org/example: \"true\"");
        }
        Map<String, Object> values = new java.util.LinkedHashMap<>(Tree.map(example.body(), "stringData"));
        values.putAll(Tree.map(example.body(), "data"));
        values.forEach((key, value) -> {
            if (!Contract.SECRET_PLACEHOLDER.equals(value)) {
                violations.add(example.id() + ": key " + key + " must hold the placeholder " + Contract.SECRET_PLACEHOLDER
                        + "; real values are never committed");
            }
        });
        if (!values.keySet().equals(Contract.SECRET_ENV)) {
            violations.add(example.id() + ": keys must be exactly " + new TreeSet<>(Contract.SECRET_ENV) + ", found " + new TreeSet<>(values.keySet()));
        }
        for (Kustomize.Build build : builds) {
            for (Object resource : Tree.list(build.kustomization(), "resources")) {
                if (String.valueOf(resource).contains("example")) {
                    violations.add(build.source() + ": lists " + resource + "; the example Secret must never be deployed");
                }
            }
            for (Manifest m : build.manifests()) {
                for (Map<String, Object> container : Kustomize.containers(m)) {
                    for (Object env : Tree.list(container, "env")) {
                        Map<String, Object> ref = Tree.map(env, "valueFrom", "secretKeyRef");
                        if (!ref.isEmpty() && (!Contract.SECRET.equals(ref.get("name")) || !values.containsKey(String.valueOf(ref.get("key"))))) {
                            violations.add(m.id() + ": secretKeyRef " + ref.get("name") + "/" + ref.get("key")
                                    + " is not a key of the documented Secret " + Contract.SECRET);
                        }
                    }
                }
            }
        }
        return violations;
    }

    /** marketcache-read for Service marketcache-read, marketcache-admin for the migration Job; null if unknown. */
    private static String expectedImage(Manifest m) {
        if (m.isKnativeService() && m.name() != null && m.name().startsWith("marketcache-")) {
            return m.name();
        }
        if (m.isJob()) {
            return Contract.imageName("admin");
        }
        return null;
    }
}
