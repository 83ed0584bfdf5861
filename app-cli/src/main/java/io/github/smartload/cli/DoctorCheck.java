package io.github.smartload.cli;

import java.util.Objects;

/**
 * One finding of {@code smartload doctor}: what was checked, how it stands, what was seen and, when
 * not OK, the one thing to do about it.
 */
record DoctorCheck(String name, Status status, String detail, String fix) {

  /** How a check stands. */
  enum Status {
    OK,
    WARN,
    FAIL
  }

  DoctorCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(fix, "fix");
  }

  static DoctorCheck ok(String name, String detail) {
    return new DoctorCheck(name, Status.OK, detail, "");
  }

  static DoctorCheck warn(String name, String detail, String fix) {
    return new DoctorCheck(name, Status.WARN, detail, fix);
  }

  static DoctorCheck fail(String name, String detail, String fix) {
    return new DoctorCheck(name, Status.FAIL, detail, fix);
  }
}
