package org.marketcache.deploycheck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.openrewrite.hcl.tree.Expression;
import org.openrewrite.hcl.tree.Hcl;

/**
 * Evaluates the statically knowable part of a Terraform module, so its Kubernetes manifests can be checked
 * like the kustomize ones. Values are plain Java: String, Integer/Double, Boolean, null, List, Map.
 *
 * <p>Design note: this is not Terraform. It knows literals, templates, objects and tuples, references to
 * {@code var.}, {@code local.}, {@code each.}, {@code count.} and to other resources' configured attributes
 * (a resource reference evaluates that resource's own configuration, with its count or for_each instances),
 * conditionals, comparisons and boolean operators, and the functions tostring, merge, concat, lookup,
 * contains, length and keys. Anything else (for expressions, splats, data sources, file functions, computed
 * attributes such as ids) raises {@link Unsupported} naming the expression, so a Terraform change that leaves
 * this subset fails the deploy-check loudly instead of being checked half-way. Variables take their value
 * from a tfvars file, else their default; sensitive variables without a value evaluate to a placeholder.
 */
final class HclEvaluator {

    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }

    /** The {@code each} and {@code count} values in force while evaluating one resource instance. */
    record Scope(Object eachKey, Object eachValue, Integer countIndex) {
        static final Scope TOP = new Scope(null, null, null);
    }

    /** One instance of a resource: its for_each key or count index (null for a single resource) and its scope. */
    record Instance(Object key, Scope scope) {
    }

    private static final Set<String> META_ARGUMENTS = Set.of("count", "for_each", "depends_on", "provider", "lifecycle");
    private static final Set<String> FUNCTIONS = Set.of("tostring", "merge", "concat", "lookup", "contains", "length", "keys");
    private static final Set<String> META_BLOCKS = Set.of("lifecycle", "timeouts", "wait", "field_manager", "connection", "provisioner");

    private final TerraformModule module;
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final Map<String, Expression> localExpressions;
    private final Map<String, Object> localValues = new LinkedHashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    HclEvaluator(TerraformModule module, Map<String, Object> tfvars) {
        this.module = module;
        this.localExpressions = module.locals();
        module.variables().forEach((name, block) -> {
            if (tfvars.containsKey(name)) {
                variables.put(name, tfvars.get(name));
            } else if (block.attributes().containsKey("default")) {
                variables.put(name, eval(block.attributes().get("default"), Scope.TOP));
            } else if (isTrue(block.attributes().get("sensitive"))) {
                variables.put(name, "(sensitive " + name + ")");
            } else {
                throw new Unsupported("variable " + name + " has no default and no value in the tfvars file used for rendering");
            }
        });
    }

    /** Parses a .tfvars file (HCL attributes with literal values). */
    static Map<String, Object> tfvars(java.nio.file.Path file) {
        List<String> errors = new ArrayList<>();
        Hcl.ConfigFile config = TerraformModule.parse(file, errors);
        if (config == null) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        HclEvaluator literalsOnly = new HclEvaluator(TerraformModule.empty(), Map.of());
        Map<String, Object> values = new LinkedHashMap<>();
        config.getBody().forEach(content -> {
            if (content instanceof Hcl.Attribute attribute) {
                values.put(attribute.getSimpleName(), literalsOnly.eval(attribute.getValue(), Scope.TOP));
            }
        });
        return values;
    }

    Map<String, Object> variables() {
        return variables;
    }

    static boolean isTrue(Expression e) {
        return e instanceof Hcl.Literal l && Boolean.TRUE.equals(l.getValue());
    }

    // ------------------------------------------------------------------------------------------ resources

    List<Instance> instances(TerraformModule.Block resource) {
        Expression forEach = resource.attributes().get("for_each");
        Expression count = resource.attributes().get("count");
        List<Instance> instances = new ArrayList<>();
        if (forEach != null) {
            Object collection = eval(forEach, Scope.TOP);
            if (collection instanceof Map<?, ?> map) {
                map.forEach((k, v) -> instances.add(new Instance(k, new Scope(k, v, null))));
            } else if (collection instanceof List<?> set) {
                set.forEach(v -> instances.add(new Instance(v, new Scope(v, v, null))));
            } else {
                throw new Unsupported(resource.address() + ": for_each must be a map or a set, found " + collection);
            }
        } else if (count != null) {
            Object n = eval(count, Scope.TOP);
            if (!(n instanceof Integer c)) {
                throw new Unsupported(resource.address() + ": count must be a whole number, found " + n);
            }
            for (int i = 0; i < c; i++) {
                instances.add(new Instance(i, new Scope(null, null, i)));
            }
        } else {
            instances.add(new Instance(null, Scope.TOP));
        }
        return instances;
    }

    /** A block's configuration as a value: attributes, and nested blocks as lists of such values. */
    Map<String, Object> body(TerraformModule.Block block, Scope scope) {
        Map<String, Object> value = new LinkedHashMap<>();
        block.attributes().forEach((name, expression) -> {
            if (!META_ARGUMENTS.contains(name)) {
                value.put(name, eval(expression, scope));
            }
        });
        for (TerraformModule.Block nested : block.blocks()) {
            if (META_BLOCKS.contains(nested.type())) {
                continue;
            }
            if ("dynamic".equals(nested.type())) {
                throw new Unsupported(block.address() + ": dynamic blocks are not evaluated by the deploy-check");
            }
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) value.computeIfAbsent(nested.type(), k -> new ArrayList<>());
            list.add(body(nested, scope));
        }
        return value;
    }

    private Object resourceValue(String type, String name) {
        TerraformModule.Block resource = module.resource(type, name);
        if (resource == null) {
            throw new Unsupported("reference to " + type + "." + name + ", which is not a resource of this module");
        }
        String key = "resource " + type + "." + name;
        if (!inProgress.add(key)) {
            throw new Unsupported("cycle through " + key);
        }
        try {
            if (resource.attributes().containsKey("for_each")) {
                Map<Object, Object> byKey = new LinkedHashMap<>();
                instances(resource).forEach(i -> byKey.put(i.key(), body(resource, i.scope())));
                return byKey;
            }
            if (resource.attributes().containsKey("count")) {
                List<Object> byIndex = new ArrayList<>();
                instances(resource).forEach(i -> byIndex.add(body(resource, i.scope())));
                return byIndex;
            }
            return body(resource, Scope.TOP);
        } finally {
            inProgress.remove(key);
        }
    }

    private Object local(String name) {
        if (localValues.containsKey(name)) {
            return localValues.get(name);
        }
        Expression expression = localExpressions.get(name);
        if (expression == null) {
            throw new Unsupported("reference to local." + name + ", which no locals block defines");
        }
        if (!inProgress.add("local." + name)) {
            throw new Unsupported("cycle through local." + name);
        }
        try {
            Object value = eval(expression, Scope.TOP);
            localValues.put(name, value);
            return value;
        } finally {
            inProgress.remove("local." + name);
        }
    }

    // ---------------------------------------------------------------------------------------- expressions

    Object eval(Expression e, Scope scope) {
        if (e instanceof Hcl.Literal literal) {
            return number(literal.getValue());
        }
        if (e instanceof Hcl.QuotedTemplate template) {
            return template(template.getExpressions(), scope);
        }
        if (e instanceof Hcl.HeredocTemplate heredoc) {
            if (heredoc.getArrow() != null && heredoc.getArrow().contains("-")) {
                throw new Unsupported("indented heredoc (<<-) in a rendered value");
            }
            return template(heredoc.getExpressions(), scope);
        }
        if (e instanceof Hcl.ObjectValue object) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Expression element : object.getAttributes()) {
                if (element instanceof Hcl.Empty) {
                    continue; // {} and trailing commas
                }
                Hcl.Attribute attribute = (Hcl.Attribute) element;
                map.put(key(attribute.getName(), scope), eval(attribute.getValue(), scope));
            }
            return map;
        }
        if (e instanceof Hcl.Tuple tuple) {
            List<Object> list = new ArrayList<>();
            tuple.getValues().stream().filter(v -> !(v instanceof Hcl.Empty)).forEach(v -> list.add(eval(v, scope)));
            return list;
        }
        if (e instanceof Hcl.Parentheses parentheses) {
            return eval(parentheses.getExpression(), scope);
        }
        if (e instanceof Hcl.AttributeAccess access) {
            return access(access, scope);
        }
        if (e instanceof Hcl.Index index) {
            return index(eval(index.getIndexed(), scope), eval(index.getPosition().getPosition(), scope), e);
        }
        if (e instanceof Hcl.Conditional conditional) {
            Object condition = eval(conditional.getCondition(), scope);
            if (!(condition instanceof Boolean b)) {
                throw new Unsupported("condition is not a boolean: " + condition);
            }
            return eval(b ? conditional.getTruePart() : conditional.getFalsePart(), scope);
        }
        if (e instanceof Hcl.Binary binary) {
            return binary(binary, scope);
        }
        if (e instanceof Hcl.Unary unary) {
            Object operand = eval(unary.getExpression(), scope);
            return switch (unary.getOperator()) {
                case Negative -> operand instanceof Integer i ? (Object) (-i) : (Object) (-((Number) operand).doubleValue());
                case Not -> !(Boolean) operand;
            };
        }
        if (e instanceof Hcl.FunctionCall call) {
            return function(call, scope);
        }
        if (e instanceof Hcl.VariableExpression variable) {
            throw new Unsupported("bare reference '" + variable.getName().getName() + "' (only var., local., each., count. and resource references)");
        }
        throw new Unsupported(e.getClass().getSimpleName() + " expressions (for, splat, ...) are not evaluated by the deploy-check");
    }

    private String template(List<Expression> parts, Scope scope) {
        StringBuilder text = new StringBuilder();
        for (Expression part : parts) {
            if (part instanceof Hcl.Literal literal) {
                text.append(unescape(String.valueOf(literal.getValue())));
            } else if (part instanceof Hcl.TemplateInterpolation interpolation) {
                text.append(stringify(eval(interpolation.getExpression(), scope)));
            } else {
                throw new Unsupported("template directive " + part.getClass().getSimpleName());
            }
        }
        return text.toString();
    }

    private String key(Expression name, Scope scope) {
        if (name instanceof Hcl.Identifier identifier) {
            return identifier.getName();
        }
        if (name instanceof Hcl.VariableExpression variable) {
            return variable.getName().getName();
        }
        return stringify(eval(name, scope));
    }

    private Object access(Hcl.AttributeAccess access, Scope scope) {
        Expression left = access.getAttribute();
        String name = access.getType().getName();
        String root = left instanceof Hcl.VariableExpression v ? v.getName().getName()
                : left instanceof Hcl.Identifier i ? i.getName() : null;
        if (root != null) {
            switch (root) {
                case "var" -> {
                    if (!variables.containsKey(name)) {
                        throw new Unsupported("reference to undeclared variable var." + name);
                    }
                    return variables.get(name);
                }
                case "local" -> {
                    return local(name);
                }
                case "each" -> {
                    if (scope.eachKey() == null) {
                        throw new Unsupported("each." + name + " outside a for_each resource");
                    }
                    return switch (name) {
                        case "key" -> scope.eachKey();
                        case "value" -> scope.eachValue();
                        default -> throw new Unsupported("each." + name);
                    };
                }
                case "count" -> {
                    if (scope.countIndex() == null || !"index".equals(name)) {
                        throw new Unsupported("count." + name + " outside a counted resource");
                    }
                    return scope.countIndex();
                }
                case "data", "module", "path", "terraform", "self" -> throw new Unsupported(root + "." + name + " is not known before apply");
                default -> {
                    return resourceValue(root, name);
                }
            }
        }
        Object target = eval(left, scope);
        if (target instanceof Map<?, ?> map) {
            if (!map.containsKey(name)) {
                throw new Unsupported("attribute " + name + " is not configured (computed attributes are not known before apply); keys: " + map.keySet());
            }
            return map.get(name);
        }
        throw new Unsupported("cannot read attribute " + name + " of " + target);
    }

    private static Object index(Object target, Object position, Expression where) {
        if (target instanceof Map<?, ?> map) {
            String key = stringify(position);
            if (!map.containsKey(key)) {
                throw new Unsupported("no key \"" + key + "\" in " + map.keySet());
            }
            return map.get(key);
        }
        if (target instanceof List<?> list && position instanceof Integer i) {
            if (i < 0 || i >= list.size()) {
                throw new Unsupported("index " + i + " out of range (" + list.size() + " elements)");
            }
            return list.get(i);
        }
        throw new Unsupported("cannot index " + target + " with " + position);
    }

    private Object binary(Hcl.Binary binary, Scope scope) {
        Object left = eval(binary.getLeft(), scope);
        if (binary.getOperator() == Hcl.Binary.Type.And && Boolean.FALSE.equals(left)) {
            return false;
        }
        if (binary.getOperator() == Hcl.Binary.Type.Or && Boolean.TRUE.equals(left)) {
            return true;
        }
        Object right = eval(binary.getRight(), scope);
        return switch (binary.getOperator()) {
            case Equal -> Objects.equals(left, right);
            case NotEqual -> !Objects.equals(left, right);
            case And, Or -> (Boolean) right;
            case LessThan -> num(left) < num(right);
            case GreaterThan -> num(left) > num(right);
            case LessThanOrEqual -> num(left) <= num(right);
            case GreaterThanOrEqual -> num(left) >= num(right);
            case Addition -> number(num(left) + num(right));
            case Subtraction -> number(num(left) - num(right));
            case Multiplication -> number(num(left) * num(right));
            default -> throw new Unsupported("operator " + binary.getOperator());
        };
    }

    private Object function(Hcl.FunctionCall call, Scope scope) {
        String name = call.getName().getName();
        if (!FUNCTIONS.contains(name)) {
            throw new Unsupported("function " + name + "() is not evaluated by the deploy-check");
        }
        List<Object> args = new ArrayList<>();
        call.getVariables().stream().filter(a -> !(a instanceof Hcl.Empty)).forEach(a -> args.add(eval(a, scope)));
        switch (name) {
            case "tostring" -> {
                return stringify(args.get(0));
            }
            case "merge" -> {
                Map<String, Object> merged = new LinkedHashMap<>();
                args.forEach(a -> ((Map<?, ?>) a).forEach((k, v) -> merged.put(String.valueOf(k), v)));
                return merged;
            }
            case "concat" -> {
                List<Object> all = new ArrayList<>();
                args.forEach(a -> all.addAll((List<?>) a));
                return all;
            }
            case "lookup" -> {
                Map<?, ?> map = (Map<?, ?>) args.get(0);
                String key = stringify(args.get(1));
                if (map.containsKey(key)) {
                    return map.get(key);
                }
                if (args.size() > 2) {
                    return args.get(2);
                }
                throw new Unsupported("lookup of missing key " + key);
            }
            case "contains" -> {
                return ((List<?>) args.get(0)).contains(args.get(1));
            }
            case "length" -> {
                Object a = args.get(0);
                return a instanceof Map<?, ?> m ? m.size() : a instanceof List<?> l ? l.size() : String.valueOf(a).length();
            }
            case "keys" -> {
                return new ArrayList<>(new TreeSet<>(((Map<?, ?>) args.get(0)).keySet().stream().map(String::valueOf).toList()));
            }
            default -> throw new Unsupported("function " + name + "() is not evaluated by the deploy-check");
        }
    }

    private static double num(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new Unsupported("not a number: " + value);
    }

    private static Object number(Object value) {
        if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < Integer.MAX_VALUE) {
            return d.intValue();
        }
        return value;
    }

    static String stringify(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Integer || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
        throw new Unsupported("cannot turn " + value + " into a string");
    }

    private static String unescape(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append('\\').append(next);
                }
            } else if ((c == '$' || c == '%') && raw.startsWith(c + "" + c + "{", i)) {
                out.append(c).append('{');
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
