package org.marketcache.deploycheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** One Kubernetes object and the file it came from (a YAML file, or a Terraform resource rendered by {@link HclEvaluator}). */
record Manifest(String source, Map<String, Object> body) {

    static List<Manifest> load(Path file) {
        return parse(Repo.display(file), Repo.read(file));
    }

    @SuppressWarnings("unchecked")
    static List<Manifest> parse(String source, String yamlText) {
        // SafeConstructor: plain maps, lists and scalars only, no arbitrary types from the document.
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Manifest> manifests = new ArrayList<>();
        for (Object document : yaml.loadAll(yamlText)) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(source + ": a manifest must be a mapping, found " + document.getClass().getSimpleName());
            }
            manifests.add(new Manifest(source, (Map<String, Object>) document));
        }
        return manifests;
    }

    String apiVersion() {
        return Tree.string(body, "apiVersion");
    }

    String kind() {
        return Tree.string(body, "kind");
    }

    String name() {
        return Tree.string(body, "metadata", "name");
    }

    String namespace() {
        return Tree.string(body, "metadata", "namespace");
    }

    boolean is(String apiVersion, String kind) {
        return apiVersion.equals(apiVersion()) && kind.equals(kind());
    }

    boolean isKnativeService() {
        return is("serving.knative.dev/v1", "Service");
    }

    boolean isPingSource() {
        return is("sources.knative.dev/v1", "PingSource");
    }

    boolean isJob() {
        return is("batch/v1", "Job");
    }

    /** "Service/marketcache-read (k8s/base/service-read.yaml)": how a violation names the object. */
    String id() {
        return kind() + "/" + name() + " (" + source + ")";
    }

    /** The containers of the pod this object runs, wherever the kind keeps them. */
    List<Map<String, Object>> containers() {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (Object c : Tree.list(body, "spec", "template", "spec", "containers")) {
            if (c instanceof Map<?, ?>) {
                containers.add(Tree.map(c));
            }
        }
        return containers;
    }

    Manifest withBody(Map<String, Object> newBody) {
        return new Manifest(source, newBody);
    }
}
