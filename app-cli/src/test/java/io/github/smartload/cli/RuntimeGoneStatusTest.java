package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} between two runs of the CLI while Ollama is killed: memory still comes from the
 * cgroup Ollama was last seen in (remembered in a state file), and says so, instead of smartload's
 * own cgroup's or the host's figure.
 */
class RuntimeGoneStatusTest {

  private static final long GIB = 1L << 30;

  @TempDir Path home;

  @TempDir Path root;

  private int closedPort;

  @BeforeEach
  void machine() throws IOException {
    // 32 GB host, 24 GB available; ollama.service limited to 5 GiB with 1 GiB in use.
    write(
        "proc/meminfo",
        "MemTotal: 31250000 kB\nMemFree: 20000000 kB\nMemAvailable: 23437500 kB\n"
            + "SwapTotal: 0 kB\nSwapFree: 0 kB\n");
    write("proc/self/cgroup", "0::/user.slice/user-1000.slice/session-2.scope\n");
    write("proc/812/comm", "ollama\n");
    write("proc/812/cgroup", "0::/system.slice/ollama.service\n");
    write("sys/fs/cgroup/cgroup.controllers", "cpu memory\n");
    write("sys/fs/cgroup/system.slice/ollama.service/memory.max", Long.toString(5 * GIB) + "\n");
    write("sys/fs/cgroup/system.slice/ollama.service/memory.current", GIB + "\n");
    write("sys/fs/cgroup/system.slice/ollama.service/memory.stat", "inactive_file 0\n");
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
  }

  private void write(String relative, String text) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Cli.Result status(Cli cli, String... more) {
    String[] args = new String[more.length + 7];
    args[0] = "status";
    args[1] = "--host";
    args[2] = "127.0.0.1:" + closedPort;
    args[3] = "--procfs";
    args[4] = root.resolve("proc").toString();
    args[5] = "--sysfs";
    args[6] = root.resolve("sys").toString();
    System.arraycopy(more, 0, args, 7, more.length);
    return cli.run(args);
  }

  private void ollamaKilled() throws IOException {
    Files.delete(root.resolve("proc/812/comm"));
    Files.delete(root.resolve("proc/812/cgroup"));
    Files.delete(root.resolve("proc/812"));
  }

  @Test
  void whileOllamaIsGoneStatusReadsTheLastKnownCgroupAndSaysSo() throws IOException {
    Cli.Result running = status(Cli.at(home), "--json");
    assertThat(running.out())
        .contains("\"source\": \"cgroup-v2\"")
        .contains("\"availableBytes\": " + 4 * GIB);

    ollamaKilled();
    Cli.Result json = status(Cli.at(home), "--json");
    Cli.Result text = status(Cli.at(home), "--no-emoji");

    assertThat(json.out())
        .contains("\"source\": \"last-known-cgroup\"")
        .contains("\"availableBytes\": " + 4 * GIB)
        .contains("\"totalBytes\": " + 5 * GIB);
    assertThat(text.out())
        .contains("system.slice/ollama.service (the runtime is not running)")
        .contains("   Memory is the last known cgroup's: the runtime is not running")
        .contains("Available: 4.3 GB");
    assertThat(home.resolve(".local/state/smartload/runtime-cgroup")).exists();
  }

  @Test
  void theStateFileGoesUnderXdgStateHomeWhenSet() throws IOException {
    Path state = home.resolve("xdg-state");

    status(Cli.at(home).env("XDG_STATE_HOME", state.toString()));
    ollamaKilled();
    Cli.Result gone = status(Cli.at(home).env("XDG_STATE_HOME", state.toString()), "--json");

    assertThat(state.resolve("smartload/runtime-cgroup")).exists();
    assertThat(gone.out()).contains("\"source\": \"last-known-cgroup\"");
  }

  @Test
  void withNoRuntimeEverSeenTheHostIsNamedAsSuch() throws IOException {
    ollamaKilled();

    Cli.Result json = status(Cli.at(home), "--json");

    assertThat(json.out()).contains("\"source\": \"host\"").doesNotContain("last-known");
  }
}
