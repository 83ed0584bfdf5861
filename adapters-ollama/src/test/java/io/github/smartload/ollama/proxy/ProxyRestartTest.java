package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** After Ollama restarts nothing is resident: the proxy's view is read again, not carried over. */
class ProxyRestartTest {

  @TempDir Path procfs;

  @RegisterExtension final CloseAfterEach closing = new CloseAfterEach();
  private FakeBackedProxy proxy;

  @Test
  void aModelResidentBeforeARestartIsSmartLoadedAgainAfterIt() throws Exception {
    // A clock that never moves: the admission's list of resident models never ages by itself.
    proxy =
        closing.add(
            new FakeBackedProxy(
                FakeBackedProxy.machine(procfs),
                procfs,
                Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC),
                UnaryOperator.identity(),
                UnaryOperator.identity()));
    assertThat(proxy.chat("qwen2.5:14b")).startsWith("200 ");
    assertThat(proxy.chat("qwen2.5:14b")).startsWith("200 "); // resident, as /api/ps said
    int smartLoads = proxy.fake.requests("/api/generate").size();

    proxy.fake.kill();
    assertThat(proxy.chat("qwen2.5:14b")).startsWith("502 ");
    proxy.fake.restart();
    assertThat(proxy.chat("qwen2.5:14b")).startsWith("200 ");

    assertThat(proxy.fake.requests("/api/generate"))
        .as("the model is smart-loaded again, not taken for resident")
        .hasSize(smartLoads + 1);
  }
}
