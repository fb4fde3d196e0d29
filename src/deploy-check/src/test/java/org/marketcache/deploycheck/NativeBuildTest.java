package org.marketcache.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The native build configuration in the repository, and negative cases from src/test/resources/broken/native. */
class NativeBuildTest {

    static List<String> functions() {
        return Contract.FUNCTIONS;
    }

    @Test
    void parentPomHasTheNativeProfile() {
        assertThat(NativeBuildRules.nativeProfile(Repo.root().resolve("pom.xml"))).isEmpty();
    }

    @Test
    void aPomWithoutTheProfileIsRejected() {
        assertThat(NativeBuildRules.nativeProfile(Repo.testResource("broken/native/pom-without-native-profile.xml")))
                .singleElement().asString().contains("no <profile> with <id>native</id>");
        assertThat(NativeBuildRules.nativeProfile(Repo.testResource("broken/native/pom-with-jvm-jar.xml")))
                .singleElement().asString().contains("quarkus.package.jar.enabled>false").contains("found true");
    }

    /**
     * Functions are being written while this check exists: one without an application.properties yet is
     * reported as skipped (with the reason), never as passed.
     */
    @ParameterizedTest(name = "functions/{0}")
    @MethodSource("functions")
    void eachExistingFunctionEmbedsLuaScriptsAndMigrations(String function) {
        Path properties = Repo.root().resolve("functions").resolve(function).resolve("src/main/resources/application.properties");
        assumeTrue(Files.isRegularFile(properties),
                () -> "functions/" + function + "/src/main/resources/application.properties does not exist yet (function not written);"
                        + " quarkus.native.resources.includes check skipped for " + function);
        assertThat(NativeBuildRules.resourceIncludes(properties, NativeBuildRules.luaScripts(Repo.root()))).isEmpty();
    }

    @Test
    void includesThatMissTheLuaScriptsAreRejected() {
        Path broken = Repo.testResource("broken/native/application-without-lua.properties");
        assertThat(NativeBuildRules.resourceIncludes(broken, List.of("lua/read_range.lua")))
                .hasSize(2)
                .allSatisfy(v -> assertThat(v).contains("does not embed lua/"));
        assertThat(NativeBuildRules.resourceIncludes(Repo.testResource("broken/native/application-without-includes.properties"), List.of()))
                .singleElement().asString().contains("quarkus.native.resources.includes is not set");
    }

    @Test
    void dockerfilesFollowTheQuarkusLayoutForAnyFunction() {
        assertThat(NativeBuildRules.dockerfile(Repo.root().resolve("native-build/Dockerfile.native"),
                "quay.io/quarkus/ubi9-quarkus-micro-image", "1001", "functions/${FUNCTION}/target/*-runner")).isEmpty();
        assertThat(NativeBuildRules.dockerfile(Repo.root().resolve("native-build/Dockerfile.jvm"),
                "registry.access.redhat.com/ubi9/openjdk-17-runtime", "185", "functions/${FUNCTION}/target/quarkus-app/lib/")).isEmpty();
    }

    @Test
    void aDockerfileRunningAsRootOnALatestBaseIsRejected() {
        assertThat(NativeBuildRules.dockerfile(Repo.testResource("broken/native/Dockerfile.native"),
                "quay.io/quarkus/ubi9-quarkus-micro-image", "1001", "functions/${FUNCTION}/target/*-runner"))
                .anySatisfy(v -> assertThat(v).contains("not latest"))
                .anySatisfy(v -> assertThat(v).contains("must finish as USER 1001"))
                .anySatisfy(v -> assertThat(v).contains("must EXPOSE 8080"))
                .anySatisfy(v -> assertThat(v).contains("ARG FUNCTION"))
                .anySatisfy(v -> assertThat(v).contains(".dockerignore is missing"));
    }

    @Test
    void lz4ReflectionConfigNamesRealClassesAndMembers() {
        assertThat(NativeBuildRules.reflectionConfig(Repo.root().resolve("native-build/lz4-reflect-config.json"))).isEmpty();
    }

    @Test
    void aReflectionConfigWithATypoIsRejected() {
        assertThat(NativeBuildRules.reflectionConfig(Repo.testResource("broken/native/lz4-reflect-config.json")))
                .anySatisfy(v -> assertThat(v).contains("class net.jpountz.lz4.LZ4JavaUnsafeCompresor does not exist"))
                .anySatisfy(v -> assertThat(v).contains("has no public field INSTANCES"))
                .anySatisfy(v -> assertThat(v).contains("has no constructor (long)"));
    }
}
