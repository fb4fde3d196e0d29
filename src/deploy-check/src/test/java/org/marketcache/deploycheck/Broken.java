package org.marketcache.deploycheck;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a deliberately broken deployment for negative tests: the real rendered manifests with the documents
 * of a file under src/test/resources/broken/ swapped in. A broken document replaces the real one of the same
 * kind and name, or the one its annotation {@code deploy-check.test/replaces: Kind/name} points at (to simulate a
 * renamed or missing object); otherwise it is added.
 */
final class Broken {

    static final String REPLACES = "deploy-check.test/replaces";

    private Broken() {
    }

    static DeploymentRules.Deployment swapIn(DeploymentRules.Deployment real, String resource) {
        List<Manifest> manifests = new ArrayList<>(real.manifests());
        for (Manifest broken : Manifest.load(Repo.testResource(resource))) {
            String replaces = Tree.string(broken.body(), "metadata", "annotations", REPLACES);
            String kind = replaces != null ? replaces.substring(0, replaces.indexOf('/')) : broken.kind();
            String name = replaces != null ? replaces.substring(replaces.indexOf('/') + 1) : broken.name();
            int index = -1;
            for (int i = 0; i < manifests.size(); i++) {
                if (kind.equals(manifests.get(i).kind()) && name.equals(manifests.get(i).name())) {
                    index = i;
                }
            }
            if (index >= 0) {
                manifests.set(index, broken);
            } else {
                manifests.add(broken);
            }
        }
        return new DeploymentRules.Deployment(real.label() + " with " + resource, manifests, real.secretKeys());
    }
}
