package io.github.smartload.cli;

import io.github.smartload.core.SmartloadException;

/** The config file, an environment variable or an option holds something unusable. */
final class ConfigException extends SmartloadException {

  ConfigException(String message) {
    super(message);
  }
}
