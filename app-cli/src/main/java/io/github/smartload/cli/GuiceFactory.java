package io.github.smartload.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Lets picocli take its commands from the injector, so they get their collaborators by constructor;
 * what Guice cannot build (picocli's own converters, collections) comes from picocli's factory.
 */
final class GuiceFactory implements IFactory {

  private final Injector injector;
  private final IFactory fallback = CommandLine.defaultFactory();

  GuiceFactory(Injector injector) {
    this.injector = injector;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    try {
      return injector.getInstance(type);
    } catch (ConfigurationException e) {
      return fallback.create(type);
    }
  }
}
