"""Each container's fields, from validateContainers and what it calls: probes, ports, env,
images, resources, volume mounts."""
