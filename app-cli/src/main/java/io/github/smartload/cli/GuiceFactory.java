package io.github.smartload.cli;

import com.google.inject.Injector;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Lets picocli take smartload's commands and mixins from the injector, so they get their
 * collaborators by constructor; everything else picocli makes for itself (its help mixin,
 * collections, converters) comes from picocli's own factory.
 */
final class GuiceFactory implements IFactory {

  private static final String OURS = "io.github.smartload.";

  private final Injector injector;
  private final IFactory fallback = CommandLine.defaultFactory();

  GuiceFactory(Injector injector) {
    this.injector = injector;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    return type.getName().startsWith(OURS) ? injector.getInstance(type) : fallback.create(type);
  }
}
