package io.github.smartload.cli;

import com.google.inject.AbstractModule;

/** PLACEHOLDER until the Ollama adapter lands. */
final class OllamaModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(RuntimeConnector.class)
        .toInstance(
            host -> {
              throw new UnsupportedOperationException("no Ollama adapter yet");
            });
  }
}
