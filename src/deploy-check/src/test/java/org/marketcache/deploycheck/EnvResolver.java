package org.marketcache.deploycheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Works out where each environment variable of a container comes from, with Kubernetes' precedence:
 * {@code envFrom} sources in order (a later one wins), then {@code env} entries, which win over all of them.
 * ConfigMaps are looked up among the deployed manifests; Secrets are created out of band, so a Secret source
 * is recorded by name and key only (the example Secret's keys stand in for {@code envFrom.secretRef}).
 */
final class EnvResolver {

    /** Where one variable's value comes from. */
    sealed interface Source permits Literal, FromConfigMap, FromSecret, FromOther {
    }

    record Literal(String value) implements Source {
    }

    record FromConfigMap(String configMap, String key, String value) implements Source {
    }

    record FromSecret(String secret, String key) implements Source {
    }

    record FromOther(String description) implements Source {
    }

    record Resolved(Map<String, Source> env, List<String> problems) {
    }

    private EnvResolver() {
    }

    static Resolved resolve(Manifest owner, Map<String, Object> container, List<Manifest> deployed, List<String> exampleSecretKeys) {
        Map<String, Source> env = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String where = owner.id() + " container " + Tree.string(container, "name");
        for (Object raw : Tree.list(container, "envFrom")) {
            String prefix = Tree.string(raw, "prefix") == null ? "" : Tree.string(raw, "prefix");
            String configMap = Tree.string(raw, "configMapRef", "name");
            String secret = Tree.string(raw, "secretRef", "name");
            if (configMap != null) {
                Manifest cm = deployed.stream()
                        .filter(m -> m.is("v1", "ConfigMap") && configMap.equals(m.name()))
                        .findFirst().orElse(null);
                if (cm == null) {
                    problems.add(where + ": envFrom references ConfigMap " + configMap + ", which is not part of the deployment");
                    continue;
                }
                Tree.map(cm.body(), "data").forEach((k, v) -> env.put(prefix + k, new FromConfigMap(configMap, k, String.valueOf(v))));
            } else if (secret != null) {
                exampleSecretKeys.forEach(k -> env.put(prefix + k, new FromSecret(secret, k)));
            }
        }
        for (Object raw : Tree.list(container, "env")) {
            String name = Tree.string(raw, "name");
            Object valueFrom = Tree.get(raw, "valueFrom");
            if (Tree.get(raw, "value") != null) {
                env.put(name, new Literal(String.valueOf(Tree.get(raw, "value"))));
            } else if (Tree.get(valueFrom, "secretKeyRef") != null) {
                env.put(name, new FromSecret(Tree.string(valueFrom, "secretKeyRef", "name"), Tree.string(valueFrom, "secretKeyRef", "key")));
            } else if (Tree.get(valueFrom, "configMapKeyRef") != null) {
                String cmName = Tree.string(valueFrom, "configMapKeyRef", "name");
                String key = Tree.string(valueFrom, "configMapKeyRef", "key");
                Object value = deployed.stream()
                        .filter(m -> m.is("v1", "ConfigMap") && cmName != null && cmName.equals(m.name()))
                        .map(m -> Tree.get(m.body(), "data", key)).findFirst().orElse(null);
                if (value == null) {
                    problems.add(where + ": " + name + " references key " + key + " of ConfigMap " + cmName + ", which the deployment does not define");
                }
                env.put(name, new FromConfigMap(cmName, key, value == null ? null : String.valueOf(value)));
            } else if (valueFrom != null) {
                env.put(name, new FromOther(String.valueOf(valueFrom)));
            } else {
                // "name" alone sets the variable to the empty string.
                env.put(name, new Literal(""));
            }
        }
        return new Resolved(env, problems);
    }

    /** The value a variable will have, when the deployment itself decides it (literal or ConfigMap). */
    static String value(Source source) {
        if (source instanceof Literal l) {
            return l.value();
        }
        if (source instanceof FromConfigMap c) {
            return c.value();
        }
        return null;
    }
}
