package org.marketcache.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real k8s/ tree: the base and each overlay render (with the kustomize subset in {@link Kustomize}) to a
 * deployment that satisfies every {@link DeploymentRules} rule and the kustomize-level rules.
 */
class KubernetesManifestsTest {

    private static final Schemas SCHEMAS = Schemas.shipped();

    static DeploymentRules.Deployment deployment(String kustomization) {
        Kustomize.Build build = Kustomize.build(Repo.k8s().resolve(kustomization));
        return new DeploymentRules.Deployment("k8s/" + kustomization, build.manifests(), List.copyOf(Contract.SECRET_ENV));
    }

    @ParameterizedTest(name = "k8s/{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyRuleHolds(String kustomization) {
        assertThat(DeploymentRules.all(SCHEMAS, deployment(kustomization))).isEmpty();
    }

    @ParameterizedTest(name = "k8s/{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void adminServiceScalesToZeroAndTheMigrationJobRunsTheAdminImageInInitAndExitMode(String kustomization) {
        assertThat(DeploymentRules.adminFunction(deployment(kustomization))).isEmpty();
    }

    @ParameterizedTest(name = "k8s/{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void kustomizationFilesMatchTheirSchema(String kustomization) {
        assertThat(KustomizeRules.kustomizationSchema(SCHEMAS, Kustomize.build(Repo.k8s().resolve(kustomization)))).isEmpty();
    }

    @Test
    void baseNamesEachFunctionsImageBare() {
        assertThat(KustomizeRules.baseImagesAreBareNames(Kustomize.build(Repo.k8s().resolve("base")))).isEmpty();
    }

    @ParameterizedTest(name = "k8s/{0}")
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void overlaysPinEveryFunctionsImage(String overlay) {
        assertThat(KustomizeRules.overlayImages(Kustomize.build(Repo.k8s().resolve(overlay)))).isEmpty();
    }

    @Test
    void secretExampleHoldsPlaceholdersAndIsNeverDeployed() {
        List<Kustomize.Build> builds = List.of(
                Kustomize.build(Repo.k8s().resolve("base")),
                Kustomize.build(Repo.k8s().resolve("overlays/dev")),
                Kustomize.build(Repo.k8s().resolve("overlays/prod")));
        assertThat(KustomizeRules.secretExample(Repo.k8s().resolve("base/secret.example.yaml"), builds)).isEmpty();
    }

    @Test
    void theSecretExampleItselfValidates() {
        assertThat(Manifest.load(Repo.k8s().resolve("base/secret.example.yaml")))
                .allSatisfy(m -> assertThat(SCHEMAS.validate(m)).isEmpty());
    }

    @Test
    void everyKindWeDeployHasASchema() {
        assertThat(SCHEMAS.kinds()).containsExactlyInAnyOrder(
                "serving.knative.dev/v1 Service", "sources.knative.dev/v1 PingSource",
                "v1 ConfigMap", "v1 Secret", "batch/v1 Job");
    }

    @Test
    void productionKeepsTwoWarmReadPods() {
        Manifest read = deployment("overlays/prod").service("read");
        Map<String, Object> annotations = Tree.map(read.body(), "spec", "template", "metadata", "annotations");
        assertThat(annotations).containsEntry("autoscaling.knative.dev/min-scale", "2");
    }

    @Test
    void overlaysPutEverythingInTheirNamespace() {
        assertThat(deployment("overlays/prod").manifests()).allSatisfy(m -> assertThat(m.namespace()).isEqualTo("marketcache"));
        assertThat(deployment("overlays/dev").manifests()).allSatisfy(m -> assertThat(m.namespace()).isEqualTo("marketcache-dev"));
    }

    @Test
    void renderedProdImagesAreTheRegistryPaths() {
        Manifest read = deployment("overlays/prod").service("read");
        assertThat(Tree.string(read.containers().get(0), "image"))
                .isEqualTo("registry.example.com/marketcache/marketcache-read:0.1.0");
    }
}
