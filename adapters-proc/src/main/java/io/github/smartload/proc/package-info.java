/** The Linux memory probe: /proc/meminfo, cgroup v1/v2 limits, swap and pressure. */
package io.github.smartload.proc;
