package org.marketcache.deploycheck;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every rendered deployment must satisfy, whether it came out of kustomize (k8s/) or out of
 * Terraform (terraform/). Each rule returns its violations, one readable sentence each naming the object and
 * the fix; an empty list means the rule holds. Rules are independent so a negative test can show that exactly
 * one of them rejects a deliberately broken manifest.
 */
final class DeploymentRules {

    private static final String KNATIVE_SERVICE = "serving.knative.dev/v1";
    private static final String AUTOSCALING = "autoscaling.knative.dev/";
    private static final Set<String> REQUIRED_AUTOSCALING = Set.of(
            "class", "metric", "target", "min-scale", "max-scale", "scale-down-delay");

    /** A set of manifests to check, and the keys the out-of-band Secret is known to carry. */
    record Deployment(String label, List<Manifest> manifests, List<String> secretKeys) {

        List<Manifest> services() {
            return manifests.stream().filter(Manifest::isKnativeService).toList();
        }

        Manifest service(String function) {
            return services().stream().filter(s -> Contract.serviceName(function).equals(s.name())).findFirst().orElse(null);
        }
    }

    private DeploymentRules() {
    }

    static List<String> all(Schemas schemas, Deployment d) {
        List<String> violations = new ArrayList<>();
        violations.addAll(schemaValid(schemas, d));
        violations.addAll(oneServicePerFunction(d));
        violations.addAll(requiredEnvironment(d));
        violations.addAll(secretsOnlyFromSecrets(d));
        violations.addAll(healthProbes(d));
        violations.addAll(warmupSchedule(d));
        violations.addAll(autoscaling(d));
        violations.addAll(migrationsInExactlyOnePlace(d));
        return violations;
    }

    /** Every manifest validates against the schema shipped for its apiVersion and kind. */
    static List<String> schemaValid(Schemas schemas, Deployment d) {
        List<String> violations = new ArrayList<>();
        d.manifests().forEach(m -> violations.addAll(schemas.validate(m)));
        return violations;
    }

    /** Exactly one Knative Service per function, named marketcache-&lt;function&gt;, and no stray ones. */
    static List<String> oneServicePerFunction(Deployment d) {
        List<String> violations = new ArrayList<>();
        for (String function : Contract.FUNCTIONS) {
            long count = d.services().stream().filter(s -> Contract.serviceName(function).equals(s.name())).count();
            if (count != 1) {
                violations.add(d.label() + ": function " + function + " needs exactly one Knative Service named "
                        + Contract.serviceName(function) + ", found " + count);
            }
        }
        Set<String> expected = new TreeSet<>();
        Contract.FUNCTIONS.forEach(f -> expected.add(Contract.serviceName(f)));
        for (Manifest s : d.services()) {
            if (!expected.contains(s.name())) {
                violations.add(s.id() + ": not one of the functions " + Contract.FUNCTIONS + "; rename it or add the function to Contract.FUNCTIONS");
            }
        }
        return violations;
    }

    /** Every variable the functions read is set in every function's Service (by literal, ConfigMap or Secret). */
    static List<String> requiredEnvironment(Deployment d) {
        List<String> violations = new ArrayList<>();
        for (Manifest service : d.services()) {
            for (Map<String, Object> container : service.containers()) {
                EnvResolver.Resolved resolved = EnvResolver.resolve(service, container, d.manifests(), d.secretKeys());
                violations.addAll(resolved.problems());
                for (String name : new TreeSet<>(Contract.REQUIRED_ENV)) {
                    if (!resolved.env().containsKey(name)) {
                        violations.add(service.id() + ": environment variable " + name + " is not set"
                                + " (add it to ConfigMap " + Contract.CONFIG_MAP + " or, if secret, as a secretKeyRef)");
                    }
                }
                String clientType = EnvResolver.value(resolved.env().get("MARKETCACHE_REDIS_CLIENT_TYPE"));
                if (clientType != null && !Contract.REDIS_CLIENT_TYPES.contains(clientType)) {
                    violations.add(service.id() + ": MARKETCACHE_REDIS_CLIENT_TYPE must be one of " + new TreeSet<>(Contract.REDIS_CLIENT_TYPES)
                            + ": '" + clientType + "'");
                }
            }
        }
        return violations;
    }

    /**
     * Secret values come from a Secret reference, never a literal: the three secret variables resolve to a
     * secretKeyRef of the marketcache Secret in every workload, no ConfigMap carries a secret-looking key, and no
     * secret-looking variable has a literal value anywhere.
     */
    static List<String> secretsOnlyFromSecrets(Deployment d) {
        List<String> violations = new ArrayList<>();
        for (Manifest m : d.manifests()) {
            if (m.is("v1", "ConfigMap")) {
                for (String key : Tree.map(m.body(), "data").keySet()) {
                    if (Contract.SECRET_ENV.contains(key) || Contract.SECRET_LIKE.matcher(key).matches()) {
                        violations.add(m.id() + ": key " + key + " looks secret and must live in Secret " + Contract.SECRET + ", not in a ConfigMap");
                    }
                }
            }
            if (m.is("v1", "Secret")) {
                violations.add(m.id() + ": a Secret is part of the deployment; real Secrets are created out of band"
                        + " (k8s/base/secret.example.yaml only documents the keys)");
            }
            for (Map<String, Object> container : Kustomize.containers(m)) {
                EnvResolver.Resolved resolved = EnvResolver.resolve(m, container, d.manifests(), d.secretKeys());
                resolved.env().forEach((name, source) -> {
                    boolean secret = Contract.SECRET_ENV.contains(name) || Contract.SECRET_LIKE.matcher(name).matches();
                    if (!secret) {
                        return;
                    }
                    if (!(source instanceof EnvResolver.FromSecret s)) {
                        violations.add(m.id() + ": " + name + " must come from a secretKeyRef to Secret " + Contract.SECRET
                                + ", not " + describe(source));
                    } else if (Contract.SECRET_ENV.contains(name) && !(Contract.SECRET.equals(s.secret()) && name.equals(s.key()))) {
                        violations.add(m.id() + ": " + name + " must come from key " + name + " of Secret " + Contract.SECRET
                                + ", not key " + s.key() + " of " + s.secret());
                    }
                });
            }
        }
        return violations;
    }

    /** Liveness and readiness probe the Quarkus SmallRye Health paths, on the serving port 8080. */
    static List<String> healthProbes(Deployment d) {
        List<String> violations = new ArrayList<>();
        for (Manifest service : d.services()) {
            for (Map<String, Object> container : service.containers()) {
                Object port = Tree.get(container, "ports", 0, "containerPort");
                if (!Integer.valueOf(Contract.HTTP_PORT).equals(port)) {
                    violations.add(service.id() + ": container port must be " + Contract.HTTP_PORT + " (Quarkus' HTTP port), found " + port);
                }
                violations.addAll(probe(service, container, "livenessProbe", Contract.LIVENESS_PATH));
                violations.addAll(probe(service, container, "readinessProbe", Contract.READINESS_PATH));
            }
        }
        return violations;
    }

    private static List<String> probe(Manifest service, Map<String, Object> container, String which, String path) {
        Map<String, Object> httpGet = Tree.map(container, which, "httpGet");
        if (httpGet.isEmpty()) {
            return List.of(service.id() + ": " + which + " must be an httpGet on " + path);
        }
        List<String> violations = new ArrayList<>();
        if (!path.equals(httpGet.get("path"))) {
            violations.add(service.id() + ": " + which + " must probe " + path + ", found " + httpGet.get("path"));
        }
        Object port = httpGet.get("port");
        if (port != null && !Integer.valueOf(Contract.HTTP_PORT).equals(port) && !"http1".equals(port)) {
            violations.add(service.id() + ": " + which + " port must be omitted or " + Contract.HTTP_PORT + ", found " + port);
        }
        return violations;
    }

    /** Exactly one PingSource, and its sink is the warmup Service at POST /v1/warmup. */
    static List<String> warmupSchedule(Deployment d) {
        List<Manifest> sources = d.manifests().stream().filter(Manifest::isPingSource).toList();
        if (sources.size() != 1) {
            return List.of(d.label() + ": expected exactly one PingSource for the scheduled warm-up, found " + sources.size());
        }
        Manifest ping = sources.get(0);
        List<String> violations = new ArrayList<>();
        Map<String, Object> ref = Tree.map(ping.body(), "spec", "sink", "ref");
        String warmup = Contract.serviceName("warmup");
        if (!KNATIVE_SERVICE.equals(ref.get("apiVersion")) || !"Service".equals(ref.get("kind")) || !warmup.equals(ref.get("name"))) {
            violations.add(ping.id() + ": sink.ref must be the Knative Service " + warmup + " (" + KNATIVE_SERVICE + "), found "
                    + ref.get("apiVersion") + " " + ref.get("kind") + "/" + ref.get("name"));
        }
        Object refNamespace = ref.get("namespace");
        if (refNamespace != null && !refNamespace.equals(ping.namespace())) {
            violations.add(ping.id() + ": sink.ref.namespace " + refNamespace + " is not the PingSource's namespace " + ping.namespace());
        }
        String uri = Tree.string(ping.body(), "spec", "sink", "uri");
        String path = uri == null ? null : URI.create(uri).getPath();
        if (!Contract.WARMUP_PATH.equals(path)) {
            violations.add(ping.id() + ": sink.uri must route the event to " + Contract.WARMUP_PATH + ", found " + uri);
        }
        if (d.service("warmup") == null) {
            violations.add(ping.id() + ": its sink " + warmup + " is not part of the deployment");
        }
        return violations;
    }

    /**
     * Every Service states its autoscaling explicitly (class, metric, target, bounds, scale-down delay) with a
     * metric its class supports and min &lt;= max; the read function never scales below one pod (warm L1).
     */
    static List<String> autoscaling(Deployment d) {
        List<String> violations = new ArrayList<>();
        for (Manifest service : d.services()) {
            Map<String, Object> annotations = Tree.map(service.body(), "spec", "template", "metadata", "annotations");
            for (String key : new TreeSet<>(REQUIRED_AUTOSCALING)) {
                if (!annotations.containsKey(AUTOSCALING + key)) {
                    violations.add(service.id() + ": missing annotation " + AUTOSCALING + key + " on spec.template.metadata");
                }
            }
            String klass = Tree.string(annotations, AUTOSCALING + "class");
            String metric = Tree.string(annotations, AUTOSCALING + "metric");
            if ("kpa.autoscaling.knative.dev".equals(klass) && metric != null && !Set.of("concurrency", "rps").contains(metric)) {
                violations.add(service.id() + ": the KPA scales on concurrency or rps, not " + metric);
            }
            if ("hpa.autoscaling.knative.dev".equals(klass) && metric != null && !Set.of("cpu", "memory").contains(metric)) {
                violations.add(service.id() + ": the HPA class scales on cpu or memory, not " + metric);
            }
            Integer min = integer(annotations.get(AUTOSCALING + "min-scale"));
            Integer max = integer(annotations.get(AUTOSCALING + "max-scale"));
            if (min != null && max != null && max != 0 && min > max) {
                violations.add(service.id() + ": min-scale " + min + " exceeds max-scale " + max);
            }
            if (Contract.serviceName("read").equals(service.name()) && (min == null || min < 1)) {
                violations.add(service.id() + ": the read function must keep min-scale >= 1 so a warm L1 always exists, found " + min);
            }
            Object concurrency = Tree.get(service.body(), "spec", "template", "spec", "containerConcurrency");
            if (Contract.serviceName("warmup").equals(service.name()) && !Integer.valueOf(1).equals(concurrency)) {
                violations.add(service.id() + ": warm-ups are serialised: containerConcurrency must be 1, found " + concurrency);
            }
        }
        return violations;
    }

    /** MARKETCACHE_MIGRATE is "true" in exactly one workload, a Job, and "false" in every Service. */
    static List<String> migrationsInExactlyOnePlace(Deployment d) {
        List<String> violations = new ArrayList<>();
        List<String> migrating = new ArrayList<>();
        for (Manifest m : d.manifests()) {
            for (Map<String, Object> container : Kustomize.containers(m)) {
                EnvResolver.Source source = EnvResolver.resolve(m, container, d.manifests(), d.secretKeys()).env().get(Contract.MIGRATE);
                String value = EnvResolver.value(source);
                if ("true".equalsIgnoreCase(value)) {
                    migrating.add(m.id());
                    if (!m.isJob()) {
                        violations.add(m.id() + ": " + Contract.MIGRATE + "=true outside the migration Job; Knative would run migrations on every cold start");
                    }
                } else if (m.isKnativeService() && !"false".equalsIgnoreCase(value)) {
                    violations.add(m.id() + ": " + Contract.MIGRATE + " must be \"false\" in every function, found " + describe(source));
                }
            }
        }
        if (migrating.size() != 1) {
            violations.add(d.label() + ": " + Contract.MIGRATE + "=true must be set in exactly one place (the migration Job), found " + migrating);
        }
        return violations;
    }

    /**
     * The admin function as deployed: its Service is cluster-local and scales to zero (operator traffic only), and
     * the migration Job runs the admin image in Quarkus' init-and-exit mode with migrations on, and no tokens (in
     * that mode only the datasource and Flyway start, so the Job needs the database credentials and nothing else).
     */
    static List<String> adminFunction(Deployment d) {
        List<String> violations = new ArrayList<>();
        Manifest admin = d.service("admin");
        if (admin != null) {
            String visibility = Tree.string(admin.body(), "metadata", "labels", "networking.knative.dev/visibility");
            if (!"cluster-local".equals(visibility)) {
                violations.add(admin.id() + ": the admin API must be cluster-local (label networking.knative.dev/visibility:"
                        + " cluster-local), found " + visibility);
            }
            Integer min = integer(Tree.map(admin.body(), "spec", "template", "metadata", "annotations").get(AUTOSCALING + "min-scale"));
            if (min == null || min != 0) {
                violations.add(admin.id() + ": the admin function serves operators only and scales to zero: "
                        + AUTOSCALING + "min-scale must be \"0\", found " + min);
            }
        }
        List<Manifest> jobs = d.manifests().stream().filter(Manifest::isJob).toList();
        if (jobs.size() != 1) {
            violations.add(d.label() + ": exactly one Job (the migration Job) expected, found " + jobs.size());
        }
        for (Manifest job : jobs) {
            for (Map<String, Object> container : Kustomize.containers(job)) {
                String image = Tree.string(container, "image");
                if (image == null || !Contract.imageName("admin").equals(imageName(image))) {
                    violations.add(job.id() + ": the migration Job runs the admin function's image "
                            + Contract.imageName("admin") + ", found " + image);
                }
                Map<String, EnvResolver.Source> env = EnvResolver.resolve(job, container, d.manifests(), d.secretKeys()).env();
                if (!"true".equalsIgnoreCase(EnvResolver.value(env.get("QUARKUS_INIT_AND_EXIT")))) {
                    violations.add(job.id() + ": QUARKUS_INIT_AND_EXIT must be \"true\" (migrate, then exit instead of"
                            + " serving), found " + describe(env.get("QUARKUS_INIT_AND_EXIT")));
                }
                for (String token : List.of("MARKETCACHE_ADMIN_TOKEN", "MARKETCACHE_INGEST_TOKEN")) {
                    if (env.containsKey(token)) {
                        violations.add(job.id() + ": the migration Job does not use " + token + "; remove it (least privilege)");
                    }
                }
            }
        }
        return violations;
    }

    /** "marketcache-admin" for "registry.example.com/marketcache/marketcache-admin:0.1.0" (or "@sha256:..."). */
    private static String imageName(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        return name.substring(slash + 1);
    }

    private static Integer integer(Object value) {
        if (value == null) {
            return null;
        }
        Matcher m = Pattern.compile("^[0-9]+$").matcher(String.valueOf(value));
        return m.matches() ? Integer.valueOf(String.valueOf(value)) : null;
    }

    private static String describe(EnvResolver.Source source) {
        if (source == null) {
            return "unset";
        }
        if (source instanceof EnvResolver.Literal) {
            // Never echo the value: it may be a leaked secret.
            return "a literal value";
        }
        if (source instanceof EnvResolver.FromConfigMap c) {
            // A secret-looking key's value is a leaked secret: name the key, never echo the value.
            boolean secret = Contract.SECRET_ENV.contains(c.key()) || Contract.SECRET_LIKE.matcher(c.key()).matches();
            return "key " + c.key() + " of ConfigMap " + c.configMap() + (c.value() == null || secret ? "" : " (\"" + c.value() + "\")");
        }
        if (source instanceof EnvResolver.FromSecret s) {
            return "key " + s.key() + " of Secret " + s.secret();
        }
        return source.toString();
    }
}
