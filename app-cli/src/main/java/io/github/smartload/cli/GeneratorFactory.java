package io.github.smartload.cli;

import com.google.inject.Guice;
import picocli.CommandLine.IFactory;

/**
 * Makes smartload's commands for picocli's build-time generators (the man pages and the bash
 * completion, run by the build with {@code --factory}), which need a factory with a no-argument
 * constructor: the commands take their collaborators from the injector, as when the CLI runs.
 * Building the injector does no I/O, so generating the documents reads nothing of the machine.
 */
public final class GeneratorFactory implements IFactory {

  private final IFactory commands =
      new GuiceFactory(
          Guice.createInjector(
              new SmartloadModule(new Environment(java.util.Map.of(), false)),
              new OllamaModule(),
              new ProcModule()));

  @Override
  public <K> K create(Class<K> type) throws Exception {
    return commands.create(type);
  }
}
