package org.marketcache.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openrewrite.ExecutionContext;
import org.openrewrite.InMemoryExecutionContext;
import org.openrewrite.SourceFile;
import org.openrewrite.hcl.HclParser;
import org.openrewrite.hcl.tree.BodyContent;
import org.openrewrite.hcl.tree.Expression;
import org.openrewrite.hcl.tree.Hcl;
import org.openrewrite.hcl.tree.Label;

/**
 * A Terraform root module as parsed by OpenRewrite's HCL 2 parser (rewrite-hcl): its top-level blocks with
 * their type, labels, attributes and nested blocks. Syntax errors are collected, never swallowed.
 *
 * <p>Loading can overlay a second directory: a file there replaces the module's file of the same name, or is
 * added. Negative tests use that to break one file of the real module.
 */
final class TerraformModule {

    /** One block: {@code resource "kubernetes_manifest" "service" { ... }} has type resource and two labels. */
    record Block(String type, List<String> labels, Map<String, Expression> attributes, List<Block> blocks, String file, Hcl.Block node) {

        String label(int i) {
            return i < labels.size() ? labels.get(i) : null;
        }

        List<Block> blocks(String blockType) {
            return blocks.stream().filter(b -> b.type().equals(blockType)).toList();
        }

        String address() {
            return type + (labels.isEmpty() ? "" : " \"" + String.join("\" \"", labels) + "\"") + " (" + file + ")";
        }
    }

    /** A parsed file and the path it came from (the parser only sees the text). */
    record ParsedFile(String path, Hcl.ConfigFile config) {
    }

    private final List<Block> blocks;
    private final List<ParsedFile> files;
    private final List<String> syntaxErrors;

    private TerraformModule(List<Block> blocks, List<ParsedFile> files, List<String> syntaxErrors) {
        this.blocks = blocks;
        this.files = files;
        this.syntaxErrors = syntaxErrors;
    }

    static TerraformModule empty() {
        return new TerraformModule(List.of(), List.of(), List.of());
    }

    static TerraformModule load(Path dir) {
        return load(dir, null);
    }

    static TerraformModule load(Path dir, Path overlay) {
        Map<String, Path> byName = new LinkedHashMap<>();
        tfFiles(dir).forEach(f -> byName.put(f.getFileName().toString(), f));
        if (overlay != null) {
            tfFiles(overlay).forEach(f -> byName.put(f.getFileName().toString(), f));
        }
        List<Block> blocks = new ArrayList<>();
        List<ParsedFile> files = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path file : byName.values()) {
            Hcl.ConfigFile config = parse(file, errors);
            if (config != null) {
                files.add(new ParsedFile(Repo.display(file), config));
                for (BodyContent content : config.getBody()) {
                    if (content instanceof Hcl.Block block) {
                        blocks.add(toBlock(block, Repo.display(file)));
                    }
                }
            }
        }
        return new TerraformModule(blocks, files, errors);
    }

    /** Parses one HCL file (a .tf or a .tfvars); returns null and records why when it does not parse. */
    static Hcl.ConfigFile parse(Path file, List<String> errors) {
        List<Throwable> problems = new ArrayList<>();
        ExecutionContext ctx = new InMemoryExecutionContext(problems::add);
        SourceFile parsed = HclParser.builder().build().parse(ctx, Repo.read(file)).findFirst().orElse(null);
        for (Throwable t : problems) {
            errors.add(Repo.display(file) + ": " + t.getMessage().replaceAll("Syntax error in \\S+ ", "syntax error "));
        }
        if (!(parsed instanceof Hcl.ConfigFile config)) {
            if (problems.isEmpty()) {
                errors.add(Repo.display(file) + ": does not parse as HCL");
            }
            return null;
        }
        return problems.isEmpty() ? config : null;
    }

    private static List<Path> tfFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".tf")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static Block toBlock(Hcl.Block block, String file) {
        List<String> labels = new ArrayList<>();
        for (Label label : block.getLabels()) {
            labels.add(labelText(label));
        }
        Map<String, Expression> attributes = new LinkedHashMap<>();
        List<Block> nested = new ArrayList<>();
        for (BodyContent content : block.getBody()) {
            if (content instanceof Hcl.Attribute attribute) {
                attributes.put(attribute.getSimpleName(), attribute.getValue());
            } else if (content instanceof Hcl.Block child) {
                nested.add(toBlock(child, file));
            }
        }
        return new Block(block.getType() == null ? "" : block.getType().getName(), List.copyOf(labels), attributes, List.copyOf(nested), file, block);
    }

    private static String labelText(Label label) {
        if (label instanceof Hcl.Literal literal) {
            return String.valueOf(literal.getValue());
        }
        if (label instanceof Hcl.Identifier identifier) {
            return identifier.getName();
        }
        if (label instanceof Hcl.QuotedTemplate template && template.getExpressions().size() == 1
                && template.getExpressions().get(0) instanceof Hcl.Literal literal) {
            return String.valueOf(literal.getValue());
        }
        return label.toString();
    }

    List<String> syntaxErrors() {
        return syntaxErrors;
    }

    List<ParsedFile> files() {
        return files;
    }

    List<Block> blocks(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }

    Map<String, Block> variables() {
        Map<String, Block> variables = new LinkedHashMap<>();
        blocks("variable").forEach(v -> variables.put(v.label(0), v));
        return variables;
    }

    List<Block> resources(String resourceType) {
        return blocks("resource").stream().filter(r -> resourceType.equals(r.label(0))).toList();
    }

    Block resource(String resourceType, String name) {
        return blocks("resource").stream()
                .filter(r -> resourceType.equals(r.label(0)) && name.equals(r.label(1)))
                .findFirst().orElse(null);
    }

    /** The attributes of every {@code locals} block, merged (Terraform forbids duplicates across blocks). */
    Map<String, Expression> locals() {
        Map<String, Expression> locals = new LinkedHashMap<>();
        blocks("locals").forEach(b -> locals.putAll(b.attributes()));
        return locals;
    }
}
