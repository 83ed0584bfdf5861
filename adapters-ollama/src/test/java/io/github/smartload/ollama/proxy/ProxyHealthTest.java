package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.ModelRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /smartload/health} answers even while Ollama hangs: from the last known state. */
class ProxyHealthTest {

  @TempDir Path procfs;

  private final CountDownLatch thaw = new CountDownLatch(1);
  private volatile boolean frozen;
  private FakeBackedProxy proxy;

  @AfterEach
  void stop() {
    thaw.countDown();
    if (proxy != null) {
      proxy.close();
    }
  }

  /** Ollama frozen: its list of resident models answers nothing until the test ends. */
  private final class Freezable implements ModelRuntime {
    private final ModelRuntime runtime;

    Freezable(ModelRuntime runtime) {
      this.runtime = runtime;
    }

    @Override
    public List<LoadedModel> loadedModels() {
      if (frozen) {
        try {
          thaw.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return runtime.loadedModels();
    }

    @Override
    public String describe() {
      return runtime.describe();
    }

    @Override
    public Set<ModelName> installedModels() {
      return runtime.installedModels();
    }

    @Override
    public Optional<ByteSize> sizeOf(ModelName model) {
      return runtime.sizeOf(model);
    }

    @Override
    public void unload(ModelName model) {
      runtime.unload(model);
    }

    @Override
    public void load(ModelName model, KeepAlive keepAlive) {
      runtime.load(model, keepAlive);
    }
  }

  @Test
  void whileOllamaHangsHealthAnswersFromTheLastKnownStateWithItsAge() throws Exception {
    proxy =
        new FakeBackedProxy(
            FakeBackedProxy.machine(procfs),
            procfs,
            Clock.systemUTC(),
            UnaryOperator.identity(),
            Freezable::new);
    assertThat(proxy.get("/smartload/health"))
        .startsWith("200 {\"status\":\"ok\"")
        .contains("\"age_seconds\":");
    frozen = true;

    // Far longer than the second health promises, far shorter than Ollama's 60 s list timeout.
    OkHttpClient patient = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(15)).build();
    try (Response health =
        patient
            .newCall(new Request.Builder().url(proxy.url("/smartload/health")).build())
            .execute()) {
      String body = health.body().string();
      assertThat(health.code()).isEqualTo(200);
      assertThat(body).contains("\"status\":\"ok\"", "\"fresh\":false", "\"age_seconds\":");
    }
  }
}
