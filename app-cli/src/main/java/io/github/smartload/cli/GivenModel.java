package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import java.util.Objects;

/** A resident model given on the command line as {@code NAME=SIZE}, for an offline plan. */
record GivenModel(ModelName name, ByteSize size) {

  GivenModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(size, "size");
  }

  static GivenModel parse(String text) {
    int equals = text.lastIndexOf('=');
    if (equals <= 0 || equals == text.length() - 1) {
      throw new IllegalArgumentException(
          "'" + text + "' is not NAME=SIZE: write it like qwen3:8b=5.7GB");
    }
    return new GivenModel(
        ModelName.parse(text.substring(0, equals)), ByteSize.parse(text.substring(equals + 1)));
  }
}
