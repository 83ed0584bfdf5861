package io.github.smartload.cli;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.ollama.OllamaHost;
import io.github.smartload.ollama.OllamaRuntime;
import io.github.smartload.ollama.OllamaTimeouts;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Clock;
import okhttp3.OkHttpClient;

/**
 * Builds the Ollama runtime for an address given as OLLAMA_HOST would be. The HTTP client is made
 * on first use, so that commands which never talk to Ollama (an offline plan) start faster.
 */
final class OllamaConnector implements RuntimeConnector {

  private final Provider<OkHttpClient> client;
  private final Provider<Moshi> moshi;
  private final Clock clock;

  @Inject
  OllamaConnector(Provider<OkHttpClient> client, Provider<Moshi> moshi, Clock clock) {
    this.client = client;
    this.moshi = moshi;
    this.clock = clock;
  }

  @Override
  public Connection connect(String host) {
    OllamaRuntime runtime =
        new OllamaRuntime(
            client.get(), moshi.get(), OllamaHost.parse(host), OllamaTimeouts.defaults(), clock);
    return new Connection() {
      @Override
      public ModelRuntime runtime() {
        return runtime;
      }

      @Override
      public String version() {
        return runtime.version();
      }
    };
  }
}
