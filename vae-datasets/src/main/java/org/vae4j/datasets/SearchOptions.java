package org.vae4j.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where named datasets (MNIST, Fashion-MNIST) are looked for. Everything the lookup reads from the
 * machine is in here, so tests can point it at temporary folders instead of the real home dir.
 *
 * @param dataDirs directories given by the user, each holding {@code mnist/} and/or
 *     {@code fashion-mnist/} subfolders; searched first
 * @param environment the environment variables ({@code VAE4J_DATA}, {@code MNIST_DIR},
 *     {@code FASHION_MNIST_DIR})
 * @param userHome the home directory, for {@code ~/.deeplearning4j/data/MNIST}
 * @param systemDatasetsDir the system datasets folder, {@code /usr/share/datasets} on Debian
 */
public record SearchOptions(List<Path> dataDirs, Map<String, String> environment, Optional<Path> userHome,
        Optional<Path> systemDatasetsDir) {

    /** Environment variable naming a folder with {@code mnist/} and {@code fashion-mnist/} subfolders. */
    public static final String VAE4J_DATA = "VAE4J_DATA";

    /** Copies the collections. */
    public SearchOptions {
        dataDirs = List.copyOf(dataDirs);
        environment = Map.copyOf(environment);
    }

    /** @return the real machine: no user directories, this process's environment, user.home, /usr/share/datasets */
    public static SearchOptions fromSystem() {
        String home = System.getProperty("user.home");
        return new SearchOptions(List.of(), System.getenv(),
                home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home)),
                Optional.of(Path.of("/usr/share/datasets")));
    }

    /** @return nowhere at all: add places with the {@code with…} methods */
    public static SearchOptions none() {
        return new SearchOptions(List.of(), Map.of(), Optional.empty(), Optional.empty());
    }

    /** @return these options with user data directories, searched before all other places */
    public SearchOptions withDataDirs(List<Path> dirs) {
        return new SearchOptions(dirs, environment, userHome, systemDatasetsDir);
    }

    /** @return these options with another environment */
    public SearchOptions withEnvironment(Map<String, String> env) {
        return new SearchOptions(dataDirs, env, userHome, systemDatasetsDir);
    }

    /** @return these options with another home directory */
    public SearchOptions withUserHome(Path home) {
        return new SearchOptions(dataDirs, environment, Optional.of(home), systemDatasetsDir);
    }

    /** @return these options with another system datasets folder */
    public SearchOptions withSystemDatasetsDir(Path dir) {
        return new SearchOptions(dataDirs, environment, userHome, Optional.of(dir));
    }

    Optional<String> env(String name) {
        String v = environment.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }
}
