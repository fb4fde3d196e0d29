package org.marketcache.deploycheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openrewrite.hcl.HclIsoVisitor;
import org.openrewrite.hcl.tree.Expression;
import org.openrewrite.hcl.tree.Hcl;

/**
 * Rules for terraform/: the HCL itself (declared variables, sensitive inputs, pinned providers, no literal
 * secrets) and, through {@link HclEvaluator}, the Kubernetes objects it would create, which must satisfy the
 * same {@link DeploymentRules} as the kustomize output.
 */
final class TerraformRules {

    /** Providers built into Terraform itself need no required_providers entry. */
    private static final Set<String> BUILT_IN = Set.of("terraform");
    /** An upper bound or an exact version: ~> 3.0, = 3.1.0, 3.1.0, or ">= 3.0, < 4.0". */
    private static final Pattern PINNED = Pattern.compile(
            "^\\s*(~>\\s*\\d+(\\.\\d+){1,2}|=?\\s*\\d+\\.\\d+\\.\\d+|>=?\\s*\\d+(\\.\\d+){0,2}\\s*,\\s*<\\s*\\d+(\\.\\d+){0,2})\\s*$");
    /** Optional ConfigMap keys that only Terraform sets, and only when their variable asks for them. */
    static final Set<String> OPTIONAL_CONFIG_KEYS = Set.of("QUARKUS_REDIS_MASTER_NAME");

    /** The Kubernetes side of a Terraform module, as far as it is known before apply. */
    record Rendered(DeploymentRules.Deployment deployment, Map<String, Object> secretData) {
    }

    private TerraformRules() {
    }

    /** Every .tf file parses as HCL 2. */
    static List<String> parses(TerraformModule module) {
        return module.syntaxErrors();
    }

    /** Every var.X used is declared by a variable block, and every declared variable is used. */
    static List<String> variablesDeclaredAndUsed(TerraformModule module) {
        Set<String> declared = module.variables().keySet();
        Set<String> referenced = new TreeSet<>(references(module, "var"));
        List<String> violations = new ArrayList<>();
        for (String name : referenced) {
            if (!declared.contains(name)) {
                violations.add("terraform: var." + name + " is referenced but no variable \"" + name + "\" block declares it");
            }
        }
        for (String name : declared) {
            if (!referenced.contains(name)) {
                violations.add(module.variables().get(name).address() + ": declared but never used; remove it or wire it in");
            }
        }
        return violations;
    }

    /** A variable that looks secret is sensitive, and a sensitive variable has no default (it must be passed in). */
    static List<String> sensitiveVariables(TerraformModule module) {
        List<String> violations = new ArrayList<>();
        module.variables().forEach((name, block) -> {
            boolean sensitive = HclEvaluator.isTrue(block.attributes().get("sensitive"));
            if (Contract.SECRET_LIKE.matcher(name).matches() && !sensitive) {
                violations.add(block.address() + ": looks secret, so it must be marked sensitive = true");
            }
            if (sensitive && block.attributes().containsKey("default")) {
                violations.add(block.address() + ": a sensitive variable must not have a default; pass it with TF_VAR_" + name);
            }
        });
        return violations;
    }

    /**
     * Terraform's own version and every provider are constrained with an upper bound, and every provider the
     * module's resources use is declared in required_providers with a source.
     */
    static List<String> providersPinned(TerraformModule module) {
        List<String> violations = new ArrayList<>();
        List<TerraformModule.Block> terraform = module.blocks("terraform");
        HclEvaluator literals = new HclEvaluator(TerraformModule.empty(), Map.of());
        Map<String, Object> required = new LinkedHashMap<>();
        boolean hasRequiredVersion = false;
        for (TerraformModule.Block block : terraform) {
            Expression version = block.attributes().get("required_version");
            if (version != null) {
                hasRequiredVersion = true;
                Object constraint = literals.eval(version, HclEvaluator.Scope.TOP);
                if (!PINNED.matcher(String.valueOf(constraint)).matches()) {
                    violations.add(block.address() + ": required_version \"" + constraint + "\" needs an upper bound (\">= 1.5.0, < 2.0.0\" or \"~> 1.5\")");
                }
            }
            for (TerraformModule.Block providers : block.blocks("required_providers")) {
                providers.attributes().forEach((name, expression) -> required.put(name, literals.eval(expression, HclEvaluator.Scope.TOP)));
            }
        }
        if (!hasRequiredVersion) {
            violations.add("terraform: no required_version in a terraform block");
        }
        required.forEach((name, spec) -> {
            String source = Tree.string(spec, "source");
            String version = Tree.string(spec, "version");
            if (source == null) {
                violations.add("terraform: required_providers." + name + " has no source (e.g. hashicorp/" + name + ")");
            }
            if (version == null || !PINNED.matcher(version).matches()) {
                violations.add("terraform: required_providers." + name + " must pin its version with an upper bound (\"~> X.Y\"), found "
                        + (version == null ? "none" : "\"" + version + "\""));
            }
        });
        Set<String> used = new TreeSet<>();
        for (String kind : List.of("resource", "data")) {
            module.blocks(kind).forEach(b -> used.add(b.label(0).split("_", 2)[0]));
        }
        module.blocks("provider").forEach(b -> used.add(b.label(0)));
        for (String provider : used) {
            if (!BUILT_IN.contains(provider) && !required.containsKey(provider)) {
                violations.add("terraform: provider " + provider + " is used but not declared (and pinned) in required_providers");
            }
        }
        return violations;
    }

    /**
     * No secret value is written in the module: no secret-looking attribute holds a literal string, the Secret's
     * data comes only from sensitive variables, and the committed tfvars example assigns no secret.
     */
    static List<String> noLiteralSecrets(TerraformModule module, Path tfvarsExample) {
        List<String> violations = new ArrayList<>();
        for (TerraformModule.ParsedFile file : module.files()) {
            new HclIsoVisitor<List<String>>() {
                @Override
                public Hcl.Attribute visitAttribute(Hcl.Attribute attribute, List<String> found) {
                    String name = attributeName(attribute);
                    if (name != null && Contract.SECRET_LIKE.matcher(name).matches() && isLiteralText(attribute.getValue())) {
                        found.add(file.path() + ": " + name + " is set to a literal; secrets come from sensitive variables only");
                    }
                    return super.visitAttribute(attribute, found);
                }
            }.visit(file.config(), violations);
        }

        Map<String, TerraformModule.Block> variables = module.variables();
        for (TerraformModule.Block secret : module.resources("kubernetes_secret_v1")) {
            for (String field : List.of("data", "binary_data")) {
                Expression data = secret.attributes().get(field);
                if (data == null) {
                    continue;
                }
                if (!(data instanceof Hcl.ObjectValue object)) {
                    violations.add(secret.address() + ": " + field + " must be an object of var.<sensitive variable> references");
                    continue;
                }
                for (Expression element : object.getAttributes()) {
                    if (!(element instanceof Hcl.Attribute entry)) {
                        continue;
                    }
                    String key = attributeName(entry);
                    String variable = variableReference(entry.getValue());
                    if (variable == null) {
                        violations.add(secret.address() + ": " + field + "." + key + " must be a var.<sensitive variable> reference, not an expression or literal");
                    } else if (!variables.containsKey(variable) || !HclEvaluator.isTrue(variables.get(variable).attributes().get("sensitive"))) {
                        violations.add(secret.address() + ": " + field + "." + key + " comes from var." + variable + ", which is not a sensitive variable");
                    }
                }
            }
        }

        if (tfvarsExample != null) {
            List<String> errors = new ArrayList<>();
            Hcl.ConfigFile example = TerraformModule.parse(tfvarsExample, errors);
            violations.addAll(errors);
            if (example != null) {
                example.getBody().forEach(content -> {
                    if (content instanceof Hcl.Attribute attribute) {
                        String name = attribute.getSimpleName();
                        boolean sensitive = variables.containsKey(name) && HclEvaluator.isTrue(variables.get(name).attributes().get("sensitive"));
                        if (sensitive || Contract.SECRET_LIKE.matcher(name).matches()) {
                            violations.add(Repo.display(tfvarsExample) + ": assigns " + name + "; secrets are passed as TF_VAR_" + name + ", never written in a file");
                        }
                    }
                });
            }
        }
        return violations;
    }

    /**
     * The Kubernetes objects the module creates, rendered with the example tfvars: every kubernetes_manifest
     * instance, and the ConfigMap from kubernetes_config_map_v1. The Secret is left out (its values are the
     * sensitive variables); its keys are passed on for the secret-reference rules.
     */
    static Rendered render(TerraformModule module, Map<String, Object> tfvars) {
        HclEvaluator evaluator = new HclEvaluator(module, tfvars);
        List<Manifest> manifests = new ArrayList<>();
        for (TerraformModule.Block configMap : module.resources("kubernetes_config_map_v1")) {
            for (HclEvaluator.Instance instance : evaluator.instances(configMap)) {
                Map<String, Object> body = evaluator.body(configMap, instance.scope());
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("apiVersion", "v1");
                manifest.put("kind", "ConfigMap");
                manifest.put("metadata", Tree.get(body, "metadata", 0));
                manifest.put("data", body.get("data"));
                manifests.add(new Manifest(configMap.address(), manifest));
            }
        }
        for (TerraformModule.Block resource : module.resources("kubernetes_manifest")) {
            for (HclEvaluator.Instance instance : evaluator.instances(resource)) {
                Object manifest = evaluator.eval(resource.attributes().get("manifest"), instance.scope());
                String source = resource.address() + (instance.key() == null ? "" : "[" + instance.key() + "]");
                manifests.add(new Manifest(source, Tree.map(manifest)));
            }
        }
        Map<String, Object> secretData = new LinkedHashMap<>();
        for (TerraformModule.Block secret : module.resources("kubernetes_secret_v1")) {
            secretData.putAll(Tree.map(evaluator.body(secret, HclEvaluator.Scope.TOP), "data"));
        }
        return new Rendered(new DeploymentRules.Deployment("terraform", manifests, List.copyOf(secretData.keySet())), secretData);
    }

    /** Terraform and kustomize deploy the same configuration keys, the same Secret keys and the same functions. */
    static List<String> sameContractAsKustomize(Rendered terraform, DeploymentRules.Deployment kustomize) {
        List<String> violations = new ArrayList<>();
        Set<String> tfKeys = configKeys(terraform.deployment());
        tfKeys.removeAll(OPTIONAL_CONFIG_KEYS);
        Set<String> k8sKeys = configKeys(kustomize);
        if (!tfKeys.equals(k8sKeys)) {
            violations.add("terraform: ConfigMap keys " + tfKeys + " differ from k8s/base/configmap.yaml " + k8sKeys);
        }
        if (!new TreeSet<>(terraform.secretData().keySet()).equals(new TreeSet<>(Contract.SECRET_ENV))) {
            violations.add("terraform: Secret keys " + new TreeSet<>(terraform.secretData().keySet()) + " differ from " + new TreeSet<>(Contract.SECRET_ENV));
        }
        Set<String> tfServices = names(terraform.deployment().services());
        Set<String> k8sServices = names(kustomize.services());
        if (!tfServices.equals(k8sServices)) {
            violations.add("terraform: Knative Services " + tfServices + " differ from k8s " + k8sServices);
        }
        return violations;
    }

    private static Set<String> configKeys(DeploymentRules.Deployment d) {
        Set<String> keys = new TreeSet<>();
        d.manifests().stream().filter(m -> m.is("v1", "ConfigMap")).forEach(m -> keys.addAll(Tree.map(m.body(), "data").keySet()));
        return keys;
    }

    private static Set<String> names(List<Manifest> manifests) {
        Set<String> names = new TreeSet<>();
        manifests.forEach(m -> names.add(m.name()));
        return names;
    }

    /** The names X of every ROOT.X reference (var.X, local.X, ...), anywhere in the module, templates included. */
    static Set<String> references(TerraformModule module, String root) {
        Set<String> names = new LinkedHashSet<>();
        for (TerraformModule.ParsedFile file : module.files()) {
            new HclIsoVisitor<Set<String>>() {
                @Override
                public Hcl.AttributeAccess visitAttributeAccess(Hcl.AttributeAccess access, Set<String> found) {
                    Expression left = access.getAttribute();
                    String name = left instanceof Hcl.VariableExpression v ? v.getName().getName()
                            : left instanceof Hcl.Identifier i ? i.getName() : null;
                    if (root.equals(name)) {
                        found.add(access.getType().getName());
                    }
                    return super.visitAttributeAccess(access, found);
                }
            }.visit(file.config(), names);
        }
        return names;
    }

    private static String attributeName(Hcl.Attribute attribute) {
        Expression name = attribute.getName();
        if (name instanceof Hcl.Identifier i) {
            return i.getName();
        }
        if (name instanceof Hcl.VariableExpression v) {
            return v.getName().getName();
        }
        if (name instanceof Hcl.QuotedTemplate t && t.getExpressions().size() == 1 && t.getExpressions().get(0) instanceof Hcl.Literal l) {
            return String.valueOf(l.getValue());
        }
        return null;
    }

    private static boolean isLiteralText(Expression value) {
        if (value instanceof Hcl.Literal l) {
            return l.getValue() instanceof String s && !s.isEmpty();
        }
        if (value instanceof Hcl.QuotedTemplate t) {
            return !t.getExpressions().isEmpty() && t.getExpressions().stream().allMatch(e -> e instanceof Hcl.Literal);
        }
        if (value instanceof Hcl.HeredocTemplate h) {
            return h.getExpressions().stream().allMatch(e -> e instanceof Hcl.Literal);
        }
        return false;
    }

    private static String variableReference(Expression value) {
        if (value instanceof Hcl.AttributeAccess access) {
            Expression left = access.getAttribute();
            String root = left instanceof Hcl.VariableExpression v ? v.getName().getName()
                    : left instanceof Hcl.Identifier i ? i.getName() : null;
            if ("var".equals(root)) {
                return access.getType().getName();
            }
        }
        return null;
    }
}
