package io.github.smartload.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import okhttp3.OkHttpClient;

/** The Ollama adapter's wiring: the one OkHttpClient and the connector that builds runtimes. */
final class OllamaModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(RuntimeConnector.class).to(OllamaConnector.class);
  }

  @Provides
  @Singleton
  OkHttpClient okHttpClient() {
    return new OkHttpClient();
  }
}
