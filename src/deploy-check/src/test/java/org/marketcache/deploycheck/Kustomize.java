package org.marketcache.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the subset this repository uses:
 * {@code resources} (files and directories), {@code patches} with a target and an inline JSON 6902 patch,
 * {@code namespace} and {@code images}. Anything else is refused rather than ignored, so the rendered
 * manifests the rules check are never a guess. It is stricter than kustomize in two places, both to catch
 * typos: a patch whose target matches nothing fails, and so does an image override that matches no container.
 *
 * <p>Design note: bases are rendered first, with their own transformations, and this level's transformations
 * apply to the result, as kustomize does. That is why overlays name the base's bare image names: a base that
 * already rewrote {@code marketcache-read} to a registry path would make the overlay's override miss.
 */
final class Kustomize {

    static final Set<String> SUPPORTED_FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "images", "patches");
    private static final List<List<String>> CONTAINER_LISTS = List.of(
            List.of("spec", "containers"), List.of("spec", "initContainers"),
            List.of("spec", "template", "spec", "containers"), List.of("spec", "template", "spec", "initContainers"));

    /** One rendered kustomization: its file, its document, what it renders to, and the bases it built on. */
    record Build(Path dir, Map<String, Object> kustomization, List<Manifest> manifests, List<Build> bases) {

        String source() {
            return Repo.display(dir.resolve("kustomization.yaml"));
        }

        List<Map<String, Object>> images() {
            List<Map<String, Object>> images = new ArrayList<>();
            Tree.list(kustomization, "images").forEach(i -> images.add(Tree.map(i)));
            return images;
        }

        /** Every manifest the bases rendered, before this level's transformations. */
        List<Manifest> baseManifests() {
            List<Manifest> all = new ArrayList<>();
            bases.forEach(b -> all.addAll(b.manifests()));
            return all;
        }
    }

    private Kustomize() {
    }

    static Build build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(Repo.display(dir) + ": no kustomization.yaml");
        }
        List<Manifest> docs = Manifest.load(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(Repo.display(file) + ": expected one document, found " + docs.size());
        }
        Map<String, Object> kustomization = docs.get(0).body();
        for (String field : kustomization.keySet()) {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new IllegalArgumentException(Repo.display(file) + ": field '" + field + "' is not rendered by the deploy-check"
                        + " (supported: " + SUPPORTED_FIELDS + "); teach Kustomize.java and kustomization.schema.json first");
            }
        }

        List<Manifest> manifests = new ArrayList<>();
        List<Build> bases = new ArrayList<>();
        for (Object entry : Tree.list(kustomization, "resources")) {
            Path resource = dir.resolve(String.valueOf(entry)).normalize();
            if (Files.isDirectory(resource)) {
                Build base = build(resource);
                bases.add(base);
                base.manifests().forEach(m -> manifests.add(m.withBody(Tree.deepCopy(m.body()))));
            } else if (Files.isRegularFile(resource)) {
                Manifest.load(resource).forEach(m -> manifests.add(m.withBody(Tree.deepCopy(m.body()))));
            } else {
                throw new IllegalArgumentException(Repo.display(file) + ": resource " + entry + " does not exist");
            }
        }

        for (Object raw : Tree.list(kustomization, "patches")) {
            applyPatch(Repo.display(file), manifests, Tree.map(raw));
        }

        String namespace = Tree.string(kustomization, "namespace");
        if (namespace != null) {
            for (Manifest m : manifests) {
                Tree.map(m.body(), "metadata").put("namespace", namespace);
            }
        }

        for (Object raw : Tree.list(kustomization, "images")) {
            Map<String, Object> image = Tree.map(raw);
            int replaced = 0;
            for (Manifest m : manifests) {
                for (Map<String, Object> container : containers(m)) {
                    ImageRef ref = ImageRef.parse(Tree.string(container, "image"));
                    if (ref != null && ref.name().equals(Tree.string(image, "name"))) {
                        container.put("image", ref.override(Tree.string(image, "newName"), Tree.string(image, "newTag"),
                                Tree.string(image, "digest")).toString());
                        replaced++;
                    }
                }
            }
            if (replaced == 0) {
                throw new IllegalArgumentException(Repo.display(file) + ": image override '" + Tree.string(image, "name")
                        + "' matches no container image (images in the bases are bare names like marketcache-read)");
            }
        }
        return new Build(dir, kustomization, List.copyOf(manifests), List.copyOf(bases));
    }

    static List<Map<String, Object>> containers(Manifest manifest) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (List<String> path : CONTAINER_LISTS) {
            for (Object c : Tree.list(manifest.body(), path.toArray())) {
                if (c instanceof Map<?, ?>) {
                    containers.add(Tree.map(c));
                }
            }
        }
        return containers;
    }

    private static void applyPatch(String where, List<Manifest> manifests, Map<String, Object> patch) {
        if (patch.containsKey("path")) {
            throw new IllegalArgumentException(where + ": patches from files are not rendered by the deploy-check; inline them with 'patch:'");
        }
        Map<String, Object> target = Tree.map(patch, "target");
        if (target.isEmpty()) {
            throw new IllegalArgumentException(where + ": every patch needs a target (kind and name)");
        }
        Object operations = Manifest.parse(where, "ops: " + indent(Tree.string(patch, "patch"))).get(0).body().get("ops");
        if (!(operations instanceof List<?> ops)) {
            throw new IllegalArgumentException(where + ": only JSON 6902 patches (a list of operations) are rendered: strategic merge"
                    + " on Knative custom resources replaces whole lists such as containers");
        }
        int matched = 0;
        for (Manifest m : manifests) {
            if (matches(target, m)) {
                JsonPatch.apply(m.body(), new ArrayList<Object>(Tree.deepCopy(ops)), where + " patch on " + m.kind() + "/" + m.name());
                matched++;
            }
        }
        if (matched == 0) {
            throw new IllegalArgumentException(where + ": patch target " + target + " matches no resource");
        }
    }

    private static boolean matches(Map<String, Object> target, Manifest m) {
        String apiVersion = m.apiVersion() == null ? "" : m.apiVersion();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        return same(target, "kind", m.kind()) && same(target, "name", m.name())
                && same(target, "group", group) && same(target, "version", version)
                && same(target, "namespace", m.namespace());
    }

    private static boolean same(Map<String, Object> target, String field, String actual) {
        String wanted = Tree.string(target, field);
        return wanted == null || wanted.equals(actual == null ? "" : actual);
    }

    private static String indent(String yamlBlock) {
        if (yamlBlock == null) {
            throw new IllegalArgumentException("patch without content");
        }
        return "\n" + yamlBlock.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /** An image reference split the way kustomize splits it: name (with registry), tag, digest. */
    record ImageRef(String name, String tag, String digest) {

        static ImageRef parse(String image) {
            if (image == null || image.isBlank()) {
                return null;
            }
            String rest = image;
            String digest = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            String tag = null;
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            return new ImageRef(rest, tag, digest);
        }

        ImageRef override(String newName, String newTag, String newDigest) {
            String n = newName != null ? newName : name;
            if (newDigest != null) {
                return new ImageRef(n, null, newDigest);
            }
            return new ImageRef(n, newTag != null ? newTag : tag, newTag != null ? null : digest);
        }

        /** A registry host is the first path component when it has a dot or a port, or is localhost. */
        boolean hasRegistry() {
            int slash = name.indexOf('/');
            if (slash < 0) {
                return false;
            }
            String first = name.substring(0, slash);
            return first.contains(".") || first.contains(":") || first.equals("localhost");
        }

        @Override
        public String toString() {
            return name + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
        }
    }
}
