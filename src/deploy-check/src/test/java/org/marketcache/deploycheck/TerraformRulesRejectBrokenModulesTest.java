package org.marketcache.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each Terraform rule can fail: the real module with one file replaced or added from
 * src/test/resources/broken/terraform/&lt;case&gt; is rejected with a message that names the problem.
 */
class TerraformRulesRejectBrokenModulesTest {

    private static final Schemas SCHEMAS = Schemas.shipped();

    private static TerraformModule broken(String name) {
        return TerraformModule.load(Repo.terraform(), Repo.testResource("broken/terraform/" + name));
    }

    private static DeploymentRules.Deployment rendered(String name) {
        return TerraformRules.render(broken(name), TerraformTest.exampleTfvars()).deployment();
    }

    @Test
    void aSyntaxErrorIsReportedWithItsFile() {
        assertThat(TerraformRules.parses(broken("syntax-error")))
                .singleElement().asString().contains("extra.tf").contains("syntax error").contains("missing '}'");
    }

    @Test
    void anUndeclaredVariableIsRejected() {
        assertThat(TerraformRules.variablesDeclaredAndUsed(broken("undeclared-variable")))
                .containsExactly("terraform: var.db_hots is referenced but no variable \"db_hots\" block declares it");
    }

    @Test
    void anUnusedVariableIsRejected() {
        assertThat(TerraformRules.variablesDeclaredAndUsed(broken("unused-variable")))
                .singleElement().asString().contains("variable \"db_schema\"").contains("declared but never used");
    }

    @Test
    void secretLookingVariablesMustBeSensitiveAndSensitiveOnesHaveNoDefault() {
        assertThat(TerraformRules.sensitiveVariables(broken("insecure-variables")))
                .anySatisfy(v -> assertThat(v).contains("variable \"redis_password\"").contains("must be marked sensitive = true"))
                .anySatisfy(v -> assertThat(v).contains("variable \"metrics_token\"").contains("must not have a default"))
                .hasSize(2);
    }

    @Test
    void unpinnedAndUndeclaredProvidersAreRejected() {
        assertThat(TerraformRules.providersPinned(broken("unpinned-provider")))
                .anySatisfy(v -> assertThat(v).contains("no required_version"))
                .anySatisfy(v -> assertThat(v).contains("required_providers.kubernetes must pin its version").contains("\">= 2.0\""))
                .anySatisfy(v -> assertThat(v).contains("provider random is used but not declared"));
    }

    @Test
    void literalSecretsAndNonSensitiveSourcesAreRejected() {
        assertThat(TerraformRules.noLiteralSecrets(broken("literal-secret"), null))
                .anySatisfy(v -> assertThat(v).contains("MARKETCACHE_DB_PASSWORD is set to a literal"))
                .anySatisfy(v -> assertThat(v).contains("data.MARKETCACHE_DB_PASSWORD must be a var.<sensitive variable> reference"))
                .anySatisfy(v -> assertThat(v).contains("data.MARKETCACHE_INGEST_TOKEN comes from var.db_host, which is not a sensitive variable"))
                .allSatisfy(v -> assertThat(v).doesNotContain("hunter2"));
    }

    @Test
    void aSecretInTheExampleTfvarsIsRejected() {
        assertThat(TerraformRules.noLiteralSecrets(TerraformTest.module(), Repo.testResource("broken/terraform/tfvars-with-secret/terraform.tfvars.example")))
                .singleElement().asString().contains("assigns db_password").contains("TF_VAR_db_password");
    }

    @Test
    void aSecondServiceForAFunctionIsRejected() {
        assertThat(DeploymentRules.oneServicePerFunction(rendered("duplicate-service")))
                .containsExactly("terraform: function read needs exactly one Knative Service named marketcache-read, found 2");
    }

    @Test
    void aFunctionMissingFromTheForEachIsRejected() {
        DeploymentRules.Deployment deployment = rendered("missing-function");
        assertThat(DeploymentRules.oneServicePerFunction(deployment))
                .containsExactly("terraform: function admin needs exactly one Knative Service named marketcache-admin, found 0");
        assertThat(TerraformRules.sameContractAsKustomize(TerraformRules.render(broken("missing-function"), TerraformTest.exampleTfvars()),
                KubernetesManifestsTest.deployment("base"))).anySatisfy(v -> assertThat(v).contains("Knative Services"));
    }

    @Test
    void aLiteralSecretInARenderedManifestIsRejected() {
        List<String> violations = DeploymentRules.secretsOnlyFromSecrets(rendered("literal-env"));
        assertThat(violations).singleElement().asString()
                .contains("Job/marketcache-debug").contains("MARKETCACHE_DB_PASSWORD must come from a secretKeyRef").doesNotContain("hunter2");
        assertThat(DeploymentRules.migrationsInExactlyOnePlace(rendered("literal-env"))).isEmpty();
    }

    @Test
    void anExpressionOutsideTheCheckableSubsetFailsLoudly() {
        assertThatThrownBy(() -> rendered("unsupported-expression"))
                .isInstanceOf(HclEvaluator.Unsupported.class)
                .hasMessageContaining("not evaluated by the deploy-check");
    }

    @Test
    void renderedManifestsAreSchemaChecked() {
        assertThat(DeploymentRules.schemaValid(SCHEMAS, rendered("duplicate-service"))).isEmpty();
        assertThat(DeploymentRules.healthProbes(rendered("duplicate-service")))
                .anySatisfy(v -> assertThat(v).contains("resource \"kubernetes_manifest\" \"read_canary\"").contains("livenessProbe must be an httpGet"));
    }
}
