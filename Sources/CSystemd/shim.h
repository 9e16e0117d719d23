#ifndef NODEAGENT_CSYSTEMD_SHIM_H
#define NODEAGENT_CSYSTEMD_SHIM_H
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-bus.h>
#endif
