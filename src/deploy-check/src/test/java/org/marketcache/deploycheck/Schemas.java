package org.marketcache.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The JSON Schemas shipped in k8s/schemas, keyed by the apiVersion and kind each one pins with {@code const}
 * (so adding a schema file is all it takes to cover a new kind). Validation uses networknt json-schema-validator
 * 1.5.x, draft 2020-12.
 */
final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonSchema> byApiVersionAndKind;
    private final JsonSchema kustomization;

    private Schemas(Map<String, JsonSchema> byApiVersionAndKind, JsonSchema kustomization) {
        this.byApiVersionAndKind = byApiVersionAndKind;
        this.kustomization = kustomization;
    }

    static Schemas load(Path dir) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        JsonSchema kustomization = null;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".schema.json")).sorted().toList()) {
                JsonNode node = JSON.readTree(file.toFile());
                String apiVersion = node.path("properties").path("apiVersion").path("const").asText(null);
                String kind = node.path("properties").path("kind").path("const").asText(null);
                if (apiVersion == null || kind == null) {
                    throw new IllegalStateException(Repo.display(file) + ": a schema must pin properties.apiVersion.const and properties.kind.const");
                }
                JsonSchema schema = factory.getSchema(node);
                if ("Kustomization".equals(kind)) {
                    kustomization = schema;
                } else if (schemas.put(key(apiVersion, kind), schema) != null) {
                    throw new IllegalStateException(Repo.display(file) + ": a second schema for " + key(apiVersion, kind));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schemas in " + dir, e);
        }
        if (kustomization == null) {
            throw new IllegalStateException(Repo.display(dir) + ": no schema for Kustomization");
        }
        return new Schemas(schemas, kustomization);
    }

    static Schemas shipped() {
        return load(Repo.schemas());
    }

    Set<String> kinds() {
        return new TreeSet<>(byApiVersionAndKind.keySet());
    }

    /** Violations of the manifest's schema; a manifest whose apiVersion/kind has no schema is itself a violation. */
    List<String> validate(Manifest manifest) {
        JsonSchema schema = byApiVersionAndKind.get(key(manifest.apiVersion(), manifest.kind()));
        if (schema == null) {
            return List.of(manifest.id() + ": no schema in k8s/schemas for " + key(manifest.apiVersion(), manifest.kind())
                    + " (ship one, trimmed from the upstream CRD or OpenAPI document)");
        }
        return messages(manifest.id(), schema, manifest.body());
    }

    List<String> validateKustomization(String source, Map<String, Object> kustomizationDoc) {
        return messages(source, kustomization, kustomizationDoc);
    }

    private static List<String> messages(String who, JsonSchema schema, Object document) {
        Set<ValidationMessage> messages = schema.validate(JSON.valueToTree(document));
        List<String> violations = new ArrayList<>();
        for (ValidationMessage message : messages) {
            violations.add(who + ": " + message.getMessage());
        }
        violations.sort(null);
        return violations;
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }
}
