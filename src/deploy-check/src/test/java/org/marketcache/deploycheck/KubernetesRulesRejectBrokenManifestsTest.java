package org.marketcache.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule can fail: feed it a deliberately broken manifest from src/test/resources/broken and it names the
 * problem. Every test also checks that the real deployment passes the same rule, so the violation comes from
 * the broken file and not from the rule being always-on.
 */
class KubernetesRulesRejectBrokenManifestsTest {

    private static final Schemas SCHEMAS = Schemas.shipped();
    private static final DeploymentRules.Deployment REAL = KubernetesManifestsTest.deployment("overlays/prod");

    private static DeploymentRules.Deployment broken(String file) {
        return Broken.swapIn(REAL, "broken/k8s/" + file);
    }

    @Test
    void schemaRejectsWrongTypesUnknownFieldsAndDeprecatedAnnotations() {
        assertThat(DeploymentRules.schemaValid(SCHEMAS, REAL)).isEmpty();
        assertThat(String.join("\n", DeploymentRules.schemaValid(SCHEMAS, broken("read-schema-violations.yaml"))))
                .contains("containerConcurrency")
                .contains("autoscaling.knative.dev/min-scale")
                .contains("minScale")
                .contains("timeoutSecond")
                .contains("ports");
    }

    @Test
    void aFunctionWithoutItsServiceIsRejected() {
        assertThat(DeploymentRules.oneServicePerFunction(REAL)).isEmpty();
        assertThat(DeploymentRules.oneServicePerFunction(broken("admin-renamed.yaml")))
                .anySatisfy(v -> assertThat(v).contains("function admin needs exactly one Knative Service named marketcache-admin, found 0"))
                .anySatisfy(v -> assertThat(v).contains("Service/marketcache-admn").contains("not one of the functions"));
    }

    @Test
    void aPublicAlwaysOnAdminServiceIsRejected() {
        assertThat(DeploymentRules.adminFunction(REAL)).isEmpty();
        assertThat(DeploymentRules.adminFunction(broken("admin-public-always-on.yaml")))
                .anySatisfy(v -> assertThat(v).contains("Service/marketcache-admin").contains("must be cluster-local"))
                .anySatisfy(v -> assertThat(v).contains("scales to zero").contains("found 1"))
                .hasSize(2);
    }

    @Test
    void aMigrationJobOnAnotherImageThatServesAndCarriesTokensIsRejected() {
        assertThat(DeploymentRules.adminFunction(broken("migrate-job-on-read-image.yaml")))
                .anySatisfy(v -> assertThat(v).contains("Job/marketcache-migrate").contains("admin function's image marketcache-admin")
                        .contains("marketcache-read:0.1.0"))
                .anySatisfy(v -> assertThat(v).contains("QUARKUS_INIT_AND_EXIT must be \"true\"").contains("unset"))
                .anySatisfy(v -> assertThat(v).contains("does not use MARKETCACHE_ADMIN_TOKEN"))
                .hasSize(3);
    }

    @Test
    void aMissingEnvironmentVariableIsRejectedInEveryService() {
        assertThat(DeploymentRules.requiredEnvironment(REAL)).isEmpty();
        List<String> violations = DeploymentRules.requiredEnvironment(broken("configmap-without-db-name.yaml"));
        assertThat(violations.stream().filter(v -> v.contains("MARKETCACHE_DB_NAME is not set"))).hasSize(Contract.FUNCTIONS.size());
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("MARKETCACHE_REDIS_CLIENT_TYPE must be one of").contains("'replicated'"));
    }

    @Test
    void aLiteralPasswordIsRejectedWithoutEchoingIt() {
        assertThat(DeploymentRules.secretsOnlyFromSecrets(REAL)).isEmpty();
        assertThat(DeploymentRules.secretsOnlyFromSecrets(broken("read-literal-password.yaml")))
                .singleElement().asString()
                .contains("Service/marketcache-read").contains("MARKETCACHE_DB_PASSWORD must come from a secretKeyRef")
                .doesNotContain("hunter2");
    }

    @Test
    void aTokenInTheConfigMapIsRejected() {
        assertThat(DeploymentRules.secretsOnlyFromSecrets(broken("configmap-with-token.yaml")))
                .anySatisfy(v -> assertThat(v).contains("ConfigMap/marketcache-config").contains("MARKETCACHE_ADMIN_TOKEN looks secret"))
                .allSatisfy(v -> assertThat(v).doesNotContain("0123456789abcdef"));
    }

    @Test
    void probesOffTheQuarkusHealthPathsAreRejected() {
        assertThat(DeploymentRules.healthProbes(REAL)).isEmpty();
        assertThat(DeploymentRules.healthProbes(broken("read-wrong-probes.yaml")))
                .anySatisfy(v -> assertThat(v).contains("livenessProbe must probe /q/health/live, found /actuator/health"))
                .anySatisfy(v -> assertThat(v).contains("readinessProbe must probe /q/health/ready, found /q/health/live"))
                .anySatisfy(v -> assertThat(v).contains("readinessProbe port must be omitted or 8080, found 9000"));
    }

    @Test
    void aPingSourceThatMissesTheWarmupFunctionIsRejected() {
        assertThat(DeploymentRules.warmupSchedule(REAL)).isEmpty();
        assertThat(DeploymentRules.warmupSchedule(broken("pingsource-to-read.yaml")))
                .anySatisfy(v -> assertThat(v).contains("sink.ref must be the Knative Service marketcache-warmup").contains("Service/marketcache-read"))
                .anySatisfy(v -> assertThat(v).contains("sink.uri must route the event to /v1/warmup, found /v1/warm"));
    }

    @Test
    void aReadFunctionThatScalesToZeroIsRejected() {
        assertThat(DeploymentRules.autoscaling(REAL)).isEmpty();
        assertThat(DeploymentRules.autoscaling(broken("read-scales-to-zero.yaml")))
                .anySatisfy(v -> assertThat(v).contains("min-scale >= 1 so a warm L1 always exists, found 0"))
                .anySatisfy(v -> assertThat(v).contains("missing annotation autoscaling.knative.dev/scale-down-delay"))
                .anySatisfy(v -> assertThat(v).contains("the KPA scales on concurrency or rps, not cpu"));
    }

    @Test
    void migrationsOutsideTheJobAreRejected() {
        assertThat(DeploymentRules.migrationsInExactlyOnePlace(REAL)).isEmpty();
        assertThat(DeploymentRules.migrationsInExactlyOnePlace(broken("ingest-migrates.yaml")))
                .anySatisfy(v -> assertThat(v).contains("Service/marketcache-ingest").contains("MARKETCACHE_MIGRATE=true outside the migration Job"))
                .anySatisfy(v -> assertThat(v).contains("must be set in exactly one place"));
    }

    @Test
    void aSecretExampleWithARealValueIsRejected() {
        Path example = Repo.testResource("broken/k8s/secret-example-with-value.yaml");
        assertThat(KustomizeRules.secretExample(example, List.of()))
                .anySatisfy(v -> assertThat(v).contains("key MARKETCACHE_DB_PASSWORD must hold the placeholder REPLACE_ME"))
                .anySatisfy(v -> assertThat(v).contains("keys must be exactly"))
                .allSatisfy(v -> assertThat(v).doesNotContain("s3cr3t"));
    }

    @Test
    void aKustomizationThatDeploysTheExampleSecretIsRejected() {
        Kustomize.Build build = Kustomize.build(Repo.testResource("broken/kustomize/deploys-example"));
        assertThat(KustomizeRules.secretExample(Repo.k8s().resolve("base/secret.example.yaml"), List.of(build)))
                .anySatisfy(v -> assertThat(v).contains("lists secret.example.yaml; the example Secret must never be deployed"));
        assertThat(DeploymentRules.secretsOnlyFromSecrets(new DeploymentRules.Deployment("deploys-example", build.manifests(), List.of())))
                .anySatisfy(v -> assertThat(v).contains("a Secret is part of the deployment"));
    }

    @Test
    void anImageOverrideThatMatchesNothingFailsTheRender() {
        assertThatThrownBy(() -> Kustomize.build(Repo.testResource("broken/kustomize/image-typo")))
                .hasMessageContaining("image override 'marketcache-raed' matches no container image");
    }

    @Test
    void aMovingTagWithoutRegistryIsRejected() {
        assertThat(KustomizeRules.overlayImages(Kustomize.build(Repo.testResource("broken/kustomize/latest-tag"))))
                .anySatisfy(v -> assertThat(v).contains("image marketcache-read:latest has no registry"))
                .anySatisfy(v -> assertThat(v).contains("never latest or untagged"));
    }

    @Test
    void anOverrideThatSwapsFunctionsImagesIsRejected() {
        assertThat(KustomizeRules.overlayImages(Kustomize.build(Repo.testResource("broken/kustomize/swapped-image"))))
                .anySatisfy(v -> assertThat(v).contains("Service/marketcache-read").contains("must stay the marketcache-read repository"));
    }

    @Test
    void aBaseThatPinsRegistryAndTagIsRejected() {
        assertThat(KustomizeRules.baseImagesAreBareNames(Kustomize.build(Repo.testResource("broken/kustomize/tagged-base"))))
                .singleElement().asString().contains("a base names images bare");
    }

    @Test
    void strategicMergePatchesOnKnativeServicesAreRefused() {
        assertThatThrownBy(() -> Kustomize.build(Repo.testResource("broken/kustomize/strategic-merge")))
                .hasMessageContaining("only JSON 6902 patches");
    }

    @Test
    void aPatchPathWithATypoFailsTheRender() {
        assertThatThrownBy(() -> Kustomize.build(Repo.testResource("broken/kustomize/patch-typo")))
                .hasMessageContaining("autoscaling.knative.dev~1min-scal does not exist");
    }

    @Test
    void unknownKustomizationFieldsAreRefusedAndFailTheSchema() {
        Path dir = Repo.testResource("broken/kustomize/unknown-field");
        assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("field 'commonLabels' is not rendered");
        java.util.Map<String, Object> doc = Manifest.load(dir.resolve("kustomization.yaml")).get(0).body();
        assertThat(SCHEMAS.validateKustomization("unknown-field", doc)).anySatisfy(v -> assertThat(v).contains("commonLabels"));
    }
}
