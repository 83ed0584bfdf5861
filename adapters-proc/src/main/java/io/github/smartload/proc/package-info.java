/**
 * The host probes: Linux memory (/proc/meminfo, cgroup v1/v2 limits, swap and pressure) and GPUs
 * (nvidia-smi, amdgpu sysfs).
 */
package io.github.smartload.proc;
