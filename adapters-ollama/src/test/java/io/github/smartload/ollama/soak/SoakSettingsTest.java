package io.github.smartload.ollama.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakSettingsTest {

  @TempDir Path dir;

  private Path jar() throws IOException {
    return Files.writeString(dir.resolve("smartload.jar"), "not really a jar");
  }

  @Test
  void takesMinutesClientsAndJarFromTheArguments() throws IOException {
    SoakSettings settings =
        SoakSettings.parse(
            new String[] {"--minutes", "1.5", "--clients", "3", "--jar", jar().toString()},
            Map.of("SOAK_MINUTES", "7", "SOAK_PROXY_JAVA_OPTS", " -Xmx256m  -Xss1m "));

    assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.clients()).isEqualTo(3);
    assertThat(settings.jar()).isEqualTo(jar());
    assertThat(settings.jvmOptions()).containsExactly("-Xmx256m", "-Xss1m");
  }

  @Test
  void takesMinutesFromTheEnvironmentAndRunsTenMinutesOtherwise() throws IOException {
    String[] args = {"--jar", jar().toString()};

    assertThat(SoakSettings.parse(args, Map.of("SOAK_MINUTES", "2")).duration())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(SoakSettings.parse(args, Map.of()).duration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(SoakSettings.parse(args, Map.of()).jvmOptions()).isEmpty();
  }

  @Test
  void warmsUpForASixthOfTheRunAndAtMostTenSeconds() throws IOException {
    assertThat(new SoakSettings(Duration.ofSeconds(30), 1, jar(), List.of()).warmUp())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(new SoakSettings(Duration.ofMinutes(10), 1, jar(), List.of()).warmUp())
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void refusesWhatItCannotRun() throws IOException {
    String jar = jar().toString();

    assertThatThrownBy(
            () -> SoakSettings.parse(new String[] {"--minutes", "0.2", "--jar", jar}, Map.of()))
        .hasMessage("the soak runs from 0.5 to 1440 minutes, not 12 s");
    assertThatThrownBy(
            () -> SoakSettings.parse(new String[] {"--clients", "0", "--jar", jar}, Map.of()))
        .hasMessage("--clients is from 1 to 64, not 0");
    assertThatThrownBy(() -> SoakSettings.parse(new String[] {"--minutes", "ten"}, Map.of()))
        .hasMessage("--minutes 'ten' is not a number");
    assertThatThrownBy(() -> SoakSettings.parse(new String[] {"--minutes"}, Map.of()))
        .hasMessage("--minutes needs a value");
    assertThatThrownBy(() -> SoakSettings.parse(new String[] {"--seconds", "5"}, Map.of()))
        .hasMessageStartingWith("unknown argument '--seconds'");
  }

  @Test
  void saysHowToBuildAMissingJar() {
    Path missing = dir.resolve("none.jar");

    assertThatThrownBy(() -> new SoakSettings(Duration.ofMinutes(1), 1, missing, List.of()))
        .hasMessage(missing + " is missing: build it with ./mvnw -B -q -DskipTests package");
  }
}
