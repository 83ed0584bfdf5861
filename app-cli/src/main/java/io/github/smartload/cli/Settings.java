package io.github.smartload.cli;

import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.proc.GpuSelection;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting a command runs with, resolved from flags, the environment, the config file and the
 * defaults, in that order of precedence.
 *
 * @param host Ollama's address as given (parsed by the Ollama adapter's OLLAMA_HOST rules)
 * @param cgroup the cgroup the models load in; empty to find Ollama's
 * @param configFile the config file that was read, if any
 * @param systemdRoot where doctor looks for {@code etc/systemd/system} and {@code usr/lib/...}
 * @param gpu which GPU probes to ask
 * @param nvidiaSmi the nvidia-smi binary: a path, or a name looked up on PATH
 * @param serve the proxy's settings from the config file
 * @param estimate how a model's requirement is estimated ({@code --estimate})
 * @param ollamaServer Ollama's server settings that change a footprint, each with its source
 */
record Settings(
    String host,
    Path procfs,
    Path sysfs,
    Optional<String> cgroup,
    Optional<Path> configFile,
    LoadPolicy policy,
    KeepAlive keepAlive,
    Output output,
    Path systemdRoot,
    GpuSelection gpu,
    String nvidiaSmi,
    ServeSettings serve,
    EstimateMode estimate,
    OllamaServerSettings ollamaServer) {

  Settings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(procfs, "procfs");
    Objects.requireNonNull(sysfs, "sysfs");
    Objects.requireNonNull(cgroup, "cgroup");
    Objects.requireNonNull(configFile, "configFile");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(systemdRoot, "systemdRoot");
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(nvidiaSmi, "nvidiaSmi");
    Objects.requireNonNull(serve, "serve");
    Objects.requireNonNull(estimate, "estimate");
    Objects.requireNonNull(ollamaServer, "ollamaServer");
  }

  /** How results are shown: JSON or the log, in which language, with or without emoji. */
  record Output(boolean json, boolean verbose, Locale locale, boolean emoji) {}
}
