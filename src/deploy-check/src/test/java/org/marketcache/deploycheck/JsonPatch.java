package org.marketcache.deploycheck;

import java.util.List;
import java.util.Map;

/**
 * RFC 6902 add, replace, remove and test, on Map/List trees: what kustomize's JSON 6902 patches do.
 * {@code replace} and {@code remove} fail on a missing path, as the RFC says, so a patch with a typo in its
 * path fails the build instead of silently changing nothing.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(Map<String, Object> document, List<Object> operations, String where) {
        for (Object raw : operations) {
            Map<String, Object> op = Tree.map(raw);
            String kind = Tree.string(op, "op");
            String path = Tree.string(op, "path");
            if (kind == null || path == null) {
                throw new IllegalArgumentException(where + ": a JSON 6902 operation needs op and path: " + raw);
            }
            List<String> tokens = pointer(path, where);
            Object parent = Tree.get(document, parentPath(tokens, document, where));
            String last = tokens.get(tokens.size() - 1);
            switch (kind) {
                case "add" -> add(parent, last, Tree.deepCopy(op.get("value")), path, where);
                case "replace" -> {
                    requireExisting(parent, last, path, where);
                    set(parent, last, Tree.deepCopy(op.get("value")));
                }
                case "remove" -> {
                    requireExisting(parent, last, path, where);
                    if (parent instanceof Map<?, ?> map) {
                        map.remove(last);
                    } else {
                        ((List<?>) parent).remove(Integer.parseInt(last));
                    }
                }
                case "test" -> {
                    requireExisting(parent, last, path, where);
                    Object actual = parent instanceof Map<?, ?> map ? map.get(last) : ((List<?>) parent).get(Integer.parseInt(last));
                    if (!java.util.Objects.equals(actual, op.get("value"))) {
                        throw new IllegalArgumentException(where + ": test failed at " + path + ": " + actual + " != " + op.get("value"));
                    }
                }
                default -> throw new IllegalArgumentException(where + ": JSON 6902 op '" + kind + "' is not supported (add, replace, remove, test)");
            }
        }
    }

    private static List<String> pointer(String path, String where) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(where + ": a JSON pointer starts with '/': " + path);
        }
        return java.util.Arrays.stream(path.substring(1).split("/", -1))
                .map(t -> t.replace("~1", "/").replace("~0", "~"))
                .toList();
    }

    private static Object[] parentPath(List<String> tokens, Object document, String where) {
        Object[] steps = new Object[tokens.size() - 1];
        Object node = document;
        for (int i = 0; i < steps.length; i++) {
            String token = tokens.get(i);
            steps[i] = node instanceof List<?> ? (Object) Integer.valueOf(token) : token;
            node = Tree.get(node, steps[i]);
            if (node == null) {
                throw new IllegalArgumentException(where + ": path /" + String.join("/", tokens.subList(0, i + 1)) + " does not exist");
            }
        }
        return steps;
    }

    private static void requireExisting(Object parent, String last, String path, String where) {
        boolean exists = parent instanceof Map<?, ?> map ? map.containsKey(last)
                : parent instanceof List<?> list && last.matches("\\d+") && Integer.parseInt(last) < list.size();
        if (!exists) {
            throw new IllegalArgumentException(where + ": path " + path + " does not exist");
        }
    }

    @SuppressWarnings("unchecked")
    private static void add(Object parent, String last, Object value, String path, String where) {
        if (parent instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(last, value);
        } else if (parent instanceof List<?> list) {
            List<Object> l = (List<Object>) list;
            if ("-".equals(last)) {
                l.add(value);
            } else {
                l.add(Integer.parseInt(last), value);
            }
        } else {
            throw new IllegalArgumentException(where + ": cannot add at " + path);
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Object parent, String last, Object value) {
        if (parent instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(last, value);
        } else {
            ((List<Object>) parent).set(Integer.parseInt(last), value);
        }
    }
}
