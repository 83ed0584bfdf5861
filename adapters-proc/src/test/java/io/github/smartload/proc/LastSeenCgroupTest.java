package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastSeenCgroupTest {

  private static final LastSeenCgroup.Seen SERVICE =
      new LastSeenCgroup.Seen(
          new CgroupMembership(
              Optional.of("/system.slice/ollama.service"),
              Optional.of("/system.slice/ollama.service")),
          Optional.of(ByteSize.ofBytes(5_583_457_484L)));

  @TempDir Path dir;

  @Test
  void aSightingComesBackWholeFromTheStateFile() {
    Path file = dir.resolve("smartload/runtime-cgroup");
    LastSeenCgroup.persistedIn(file).remember(SERVICE);

    assertThat(LastSeenCgroup.persistedIn(file).recall()).contains(SERVICE);
  }

  @Test
  void theFileIsWrittenOnlyWhenTheSightingChanges() throws IOException {
    Path file = dir.resolve("runtime-cgroup");
    LastSeenCgroup lastSeen = LastSeenCgroup.persistedIn(file);
    lastSeen.remember(SERVICE);
    Files.delete(file);

    lastSeen.remember(SERVICE);
    assertThat(file).doesNotExist();

    LastSeenCgroup.Seen moved =
        new LastSeenCgroup.Seen(
            new CgroupMembership(Optional.empty(), Optional.of("/ollama.scope")), Optional.empty());
    lastSeen.remember(moved);
    assertThat(LastSeenCgroup.persistedIn(file).recall()).contains(moved);
  }

  @Test
  void aStateFileThatCannotBeWrittenLeavesTheSightingInMemory() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    LastSeenCgroup lastSeen = LastSeenCgroup.persistedIn(notADirectory.resolve("runtime-cgroup"));

    lastSeen.remember(SERVICE);

    assertThat(lastSeen.recall()).contains(SERVICE);
  }

  @Test
  void nothingSeenIsEmpty() {
    assertThat(LastSeenCgroup.inMemory().recall()).isEmpty();
    assertThat(LastSeenCgroup.persistedIn(dir.resolve("absent")).recall()).isEmpty();
  }
}
