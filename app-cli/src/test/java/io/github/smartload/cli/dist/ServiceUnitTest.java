package io.github.smartload.cli.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit that the package and the tarball install: ordering, restart and hardening as a
 * proxy needs them, and, where systemd is installed, {@code systemd-analyze verify} clean.
 */
class ServiceUnitTest {

  private static final Path UNIT = Path.of("src/dist/systemd/smartload.service");

  @TempDir Path temp;

  /** Every value of every key, per section ({@code Unit.After}), as systemd would see them. */
  private static Map<String, List<String>> read() throws IOException {
    Map<String, List<String>> values = new HashMap<>();
    String section = "";
    for (String line : Files.readAllLines(UNIT)) {
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      if (text.startsWith("[")) {
        section = text.substring(1, text.length() - 1);
        continue;
      }
      int equals = text.indexOf('=');
      String key = section + "." + text.substring(0, equals);
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(text.substring(equals + 1));
    }
    return values;
  }

  @Test
  void startsAfterTheNetworkAndOllamaAndRestartsOnFailure() throws IOException {
    Map<String, List<String>> unit = read();

    assertThat(unit.get("Unit.Wants")).containsExactly("network-online.target");
    assertThat(String.join(" ", unit.get("Unit.After")).split(" "))
        .contains("network-online.target", "ollama.service");
    assertThat(unit.get("Service.ExecStart")).containsExactly("@bindir@/smartload serve");
    assertThat(unit.get("Service.Restart")).containsExactly("on-failure");
    assertThat(unit.get("Install.WantedBy")).containsExactly("multi-user.target");
  }

  @Test
  void isHardenedButCanReadProcAndSysAndWriteItsCache() throws IOException {
    Map<String, List<String>> unit = read();

    assertThat(unit)
        .containsEntry("Service.NoNewPrivileges", List.of("yes"))
        .containsEntry("Service.ProtectSystem", List.of("strict"))
        .containsEntry("Service.ProtectHome", List.of("yes"))
        .containsEntry("Service.PrivateTmp", List.of("yes"))
        .containsEntry("Service.CacheDirectory", List.of("smartload"));
    // The memory probe reads /proc/meminfo and Ollama's /proc/PID/cgroup, and /sys/fs/cgroup.
    assertThat(unit).doesNotContainKeys("Service.ProtectProc", "Service.ProcSubset");
    assertThat(unit).doesNotContainKeys("Service.InaccessiblePaths");
  }

  @Test
  void systemdAnalyzeVerifiesTheUnit() throws Exception {
    Assumptions.assumeTrue(
        ReleaseArtifactsIT.onPath("systemd-analyze"),
        "systemd-analyze is not installed: the unit was checked as text only, not by systemd");
    // verify checks that ExecStart's program exists: a stand-in takes the installed command's
    // place. Its man page is installed only with the package, so man: links are not followed.
    Path stub = temp.resolve("smartload");
    Files.writeString(stub, "#!/bin/sh\n");
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path unit = temp.resolve("smartload.service");
    Files.writeString(unit, Files.readString(UNIT).replace("@bindir@", temp.toString()));

    ReleaseArtifactsIT.Run verify =
        ReleaseArtifactsIT.run(
            temp, Map.of(), "systemd-analyze", "verify", "--man=no", unit.toString());

    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.err()).isEmpty();
  }
}
