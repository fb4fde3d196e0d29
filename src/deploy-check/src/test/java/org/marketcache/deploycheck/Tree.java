package org.marketcache.deploycheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Navigation in the plain Map/List/scalar trees that both the YAML loader and the Terraform evaluator produce.
 * A path element is a map key, or a list index given as an Integer.
 */
final class Tree {

    private Tree() {
    }

    static Object get(Object root, Object... path) {
        Object node = root;
        for (Object step : path) {
            if (node instanceof Map<?, ?> map && step instanceof String key) {
                node = map.get(key);
            } else if (node instanceof List<?> list && step instanceof Integer index) {
                node = index >= 0 && index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return node;
    }

    static String string(Object root, Object... path) {
        Object value = get(root, path);
        return value instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object root, Object... path) {
        Object value = get(root, path);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object root, Object... path) {
        Object value = get(root, path);
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** A deep, mutable copy, so patches never touch the tree they came from. */
    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return node;
    }
}
