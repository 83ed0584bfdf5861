package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The proxy when the memory probe fails: memory that cannot be read is not "fits". */
class ProxyProbeFailureTest {

  @TempDir Path procfs;

  @RegisterExtension final CloseAfterEach closing = new CloseAfterEach();
  private FakeBackedProxy proxy;

  private void breakMeminfo() throws Exception {
    Files.writeString(procfs.resolve("meminfo"), "garbage\n\u0000\u0001 not meminfo\n");
  }

  @Test
  void aLoadIsRefusedWithTheProbesErrorAResidentModelPassesAndHealthSaysWhy() throws Exception {
    proxy = closing.add(new FakeBackedProxy(FakeBackedProxy.machine(procfs), procfs));
    proxy.fake.preload("qwen3:8b");
    breakMeminfo();

    String load = proxy.chat("qwen2.5:14b");
    String resident = proxy.chat("qwen3:8b");

    assertThat(load).startsWith("503 {\"error\":\"smartload: memory cannot be read (");
    assertThat(load.lines()).hasSize(1);
    assertThat(proxy.fake.loadCount("qwen2.5:14b")).isZero();
    assertThat(resident).startsWith("200 ");
    proxy.awaitLine(
        l -> l.startsWith("POST /api/chat qwen2.5:14b 503 ") && l.endsWith("(memory unreadable)"));
    assertThat(proxy.get("/smartload/health"))
        .startsWith("503 ")
        .contains("\"status\":\"memory-unreadable\"");
  }

  @Test
  void failOpenForwardsTheLoadWithAWarningEachTime() throws Exception {
    proxy =
        closing.add(
            new FakeBackedProxy(
                FakeBackedProxy.machine(procfs),
                procfs,
                Clock.systemUTC(),
                settings -> settings.withFailOpen(true),
                UnaryOperator.identity()));
    breakMeminfo();

    assertThat(proxy.chat("qwen2.5:14b")).startsWith("200 ");
    breakMeminfo(); // the fake wrote its meminfo again when the model loaded
    assertThat(proxy.chat("qwen3:8b")).startsWith("200 ");

    assertThat(proxy.warnings)
        .filteredOn(w -> w.startsWith("no smart load for ") && w.contains("memory"))
        .hasSize(2);
  }
}
