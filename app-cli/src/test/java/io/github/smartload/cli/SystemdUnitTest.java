package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading OLLAMA_KEEP_ALIVE as systemd would set it, from a unit and its drop-ins. */
class SystemdUnitTest {

  @TempDir Path root;

  private Path write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private SystemdUnit unit() {
    return new SystemdUnit(root, "ollama.service");
  }

  @Test
  void noUnitMeansNoFilesAndNoValue() {
    assertThat(unit().files()).isEmpty();
    assertThat(unit().environment("OLLAMA_KEEP_ALIVE")).isEmpty();
  }

  @Test
  void aUnitThatIsNotUtf8IsStillRead() throws IOException {
    // An admin's comment saved as Latin-1 ("Änderung"): systemd reads the unit all the same.
    Path file = root.resolve("etc/systemd/system/ollama.service");
    Files.createDirectories(file.getParent());
    Files.write(
        file,
        "# \u00c4nderung\n[Service]\nEnvironment=\"OLLAMA_KEEP_ALIVE=15m\"\n"
            .getBytes(StandardCharsets.ISO_8859_1));

    assertThat(unit().environment("OLLAMA_KEEP_ALIVE"))
        .contains(new SystemdUnit.Assignment("15m", file));
  }

  @Test
  void readsAQuotedAssignmentInTheServiceSection() throws IOException {
    Path file =
        write(
            "etc/systemd/system/ollama.service",
            "[Unit]\nEnvironment=\"OLLAMA_KEEP_ALIVE=1m\"\n[Service]\n"
                + "Environment=\"OLLAMA_HOST=0.0.0.0\" \"OLLAMA_KEEP_ALIVE=15m\"\n");

    assertThat(unit().environment("OLLAMA_KEEP_ALIVE"))
        .contains(new SystemdUnit.Assignment("15m", file));
  }

  @Test
  void aDropInOverridesTheUnitAndEtcBeatsUsrLibForTheSameName() throws IOException {
    write("usr/lib/systemd/system/ollama.service", "[Service]\nEnvironment=OLLAMA_KEEP_ALIVE=5m\n");
    write(
        "usr/lib/systemd/system/ollama.service.d/override.conf",
        "[Service]\nEnvironment=OLLAMA_KEEP_ALIVE=1h\n");
    Path etc =
        write(
            "etc/systemd/system/ollama.service.d/override.conf",
            "[Service]\nEnvironment=OLLAMA_KEEP_ALIVE=10m\n");

    assertThat(unit().environment("OLLAMA_KEEP_ALIVE"))
        .contains(new SystemdUnit.Assignment("10m", etc));
  }

  @Test
  void dropInsApplyInFileNameOrder() throws IOException {
    write("etc/systemd/system/ollama.service", "[Service]\n");
    Path later =
        write(
            "usr/lib/systemd/system/ollama.service.d/20-late.conf",
            "[Service]\nEnvironment=OLLAMA_KEEP_ALIVE=30m\n");
    write(
        "etc/systemd/system/ollama.service.d/10-early.conf",
        "[Service]\nEnvironment=OLLAMA_KEEP_ALIVE=2m\n");

    assertThat(unit().environment("OLLAMA_KEEP_ALIVE"))
        .contains(new SystemdUnit.Assignment("30m", later));
  }

  @Test
  void anEmptyEnvironmentLineResetsEarlierAssignments() throws IOException {
    write("etc/systemd/system/ollama.service", "[Service]\nEnvironment=OLLAMA_KEEP_ALIVE=5m\n");
    write("etc/systemd/system/ollama.service.d/reset.conf", "[Service]\nEnvironment=\n");

    assertThat(unit().environment("OLLAMA_KEEP_ALIVE")).isEmpty();
    assertThat(unit().files()).hasSize(2);
  }

  @Test
  void anEnvironmentFileOverridesEnvironmentLinesAsSystemdDoes() throws IOException {
    write(
        "etc/systemd/system/ollama.service",
        "[Service]\nEnvironmentFile=-/etc/default/missing\nEnvironmentFile=/etc/default/ollama\n"
            + "Environment=OLLAMA_KEEP_ALIVE=5m\n");
    Path file =
        write(
            "etc/default/ollama",
            "# keep models resident\nOLLAMA_HOST=0.0.0.0\nexport OLLAMA_KEEP_ALIVE=\"30m\"\n");

    assertThat(unit().environment("OLLAMA_KEEP_ALIVE"))
        .contains(new SystemdUnit.Assignment("30m", file));
  }

  @Test
  void anEnvironmentFileWithoutTheVariableLeavesTheEnvironmentLine() throws IOException {
    Path unit =
        write(
            "etc/systemd/system/ollama.service",
            "[Service]\nEnvironmentFile=/etc/default/ollama\nEnvironment=OLLAMA_KEEP_ALIVE=5m\n");
    write("etc/default/ollama", "OLLAMA_HOST=0.0.0.0\n");

    assertThat(unit().environment("OLLAMA_KEEP_ALIVE"))
        .contains(new SystemdUnit.Assignment("5m", unit));
  }
}
