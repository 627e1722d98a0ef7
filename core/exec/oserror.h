#pragma once

#include <string>

// How a workload's messages name what the OS said, so that every refusal and failure reads alike.

// "No such file or directory (ENOENT)".
std::string errnoDescription(int error);

// A soft resource limit as the shell command that shows it: "ulimit -n 1024", "ulimit -u unlimited".
std::string softLimitText(int resource, const char* command);
