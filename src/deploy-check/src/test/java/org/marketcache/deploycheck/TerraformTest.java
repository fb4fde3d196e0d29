package org.marketcache.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * terraform/ without a Terraform binary: parsed with rewrite-hcl (HCL 2), checked structurally, and its
 * Kubernetes objects rendered with terraform.tfvars.example and held to the same rules as k8s/.
 */
class TerraformTest {

    private static final Schemas SCHEMAS = Schemas.shipped();

    static TerraformModule module() {
        return TerraformModule.load(Repo.terraform());
    }

    static Map<String, Object> exampleTfvars() {
        return HclEvaluator.tfvars(Repo.terraform().resolve("terraform.tfvars.example"));
    }

    static TerraformRules.Rendered rendered() {
        return TerraformRules.render(module(), exampleTfvars());
    }

    @Test
    void everyFileParsesAsHcl2() {
        assertThat(module().files()).extracting(TerraformModule.ParsedFile::path)
                .contains("terraform/versions.tf", "terraform/variables.tf", "terraform/services.tf", "terraform/outputs.tf");
        assertThat(TerraformRules.parses(module())).isEmpty();
    }

    @Test
    void everyReferencedVariableIsDeclaredAndEveryDeclaredOneUsed() {
        assertThat(TerraformRules.variablesDeclaredAndUsed(module())).isEmpty();
    }

    @Test
    void secretInputsAreSensitiveWithoutDefaults() {
        assertThat(TerraformRules.sensitiveVariables(module())).isEmpty();
        assertThat(module().variables()).containsKeys("db_password", "admin_token", "ingest_token");
    }

    @Test
    void terraformAndProvidersArePinned() {
        assertThat(TerraformRules.providersPinned(module())).isEmpty();
    }

    @Test
    void noSecretIsWrittenInTheModuleOrTheExampleTfvars() {
        assertThat(TerraformRules.noLiteralSecrets(module(), Repo.terraform().resolve("terraform.tfvars.example"))).isEmpty();
    }

    @Test
    void renderedObjectsSatisfyEveryDeploymentRule() {
        assertThat(DeploymentRules.all(SCHEMAS, rendered().deployment())).isEmpty();
    }

    @Test
    void oneKnativeServicePerFunctionFromOneForEach() {
        List<Manifest> services = rendered().deployment().services();
        assertThat(services).extracting(Manifest::name).containsExactlyInAnyOrder(
                "marketcache-read", "marketcache-ingest", "marketcache-invalidate", "marketcache-warmup", "marketcache-admin");
        assertThat(DeploymentRules.oneServicePerFunction(rendered().deployment())).isEmpty();
    }

    @Test
    void adminServiceScalesToZeroAndTheMigrationJobRunsTheAdminImageInInitAndExitMode() {
        assertThat(DeploymentRules.adminFunction(rendered().deployment())).isEmpty();
    }

    @Test
    void deploysTheSameContractAsKustomize() {
        assertThat(TerraformRules.sameContractAsKustomize(rendered(), KubernetesManifestsTest.deployment("base"))).isEmpty();
    }

    @Test
    void imagesComeFromTheRegistryVariableWithTheFunctionsName() {
        Manifest read = rendered().deployment().service("read");
        assertThat(Tree.string(read.containers().get(0), "image")).isEqualTo("registry.example.com/marketcache/marketcache-read:0.1.0");
        Manifest job = rendered().deployment().manifests().stream().filter(Manifest::isJob).findFirst().orElseThrow();
        assertThat(Tree.string(job.containers().get(0), "image")).isEqualTo("registry.example.com/marketcache/marketcache-admin:0.1.0");
    }

    @Test
    void scalingBoundsComeFromTheScalingVariable() {
        Map<String, Object> annotations = Tree.map(rendered().deployment().service("read").body(), "spec", "template", "metadata", "annotations");
        assertThat(annotations)
                .containsEntry("autoscaling.knative.dev/min-scale", "2")
                .containsEntry("autoscaling.knative.dev/initial-scale", "2")
                .containsEntry("autoscaling.knative.dev/max-scale", "20")
                .containsEntry("autoscaling.knative.dev/target-burst-capacity", "0");
        assertThat(Tree.map(rendered().deployment().service("admin").body(), "spec", "template", "metadata", "annotations"))
                .doesNotContainKey("autoscaling.knative.dev/initial-scale");
    }

    @Test
    void sentinelAddsTheMasterNameOnlyWhenAsked() {
        Map<String, Object> vars = new java.util.LinkedHashMap<>(exampleTfvars());
        vars.put("redis_client_type", "sentinel");
        vars.put("redis_master_name", "mymaster");
        Manifest configMap = TerraformRules.render(module(), vars).deployment().manifests().stream()
                .filter(m -> m.is("v1", "ConfigMap")).findFirst().orElseThrow();
        assertThat(Tree.map(configMap.body(), "data")).containsEntry("QUARKUS_REDIS_MASTER_NAME", "mymaster");
        assertThat(Tree.map(rendered().deployment().manifests().get(0).body(), "data")).doesNotContainKey("QUARKUS_REDIS_MASTER_NAME");
    }

    @Test
    void outputsNameTheServiceUrls() {
        assertThat(module().blocks("output")).extracting(b -> b.label(0)).contains("service_urls", "expected_service_urls");
        assertThat(Files.exists(Repo.terraform().resolve(".terraform.lock.hcl"))
                || Repo.read(Repo.terraform().resolve("versions.tf")).contains(".terraform.lock.hcl"))
                .as("versions.tf says to commit .terraform.lock.hcl after the first init").isTrue();
    }
}
