#include "oserror.h"

#include <cstring>
#include <sys/resource.h>

std::string errnoDescription(int error)
{
    const char* description = strerrordesc_np(error);
    const char* name = strerrorname_np(error);
    return std::string(description ? description : "unknown error") + " ("
        + (name ? std::string(name) : std::to_string(error)) + ")";
}

std::string softLimitText(int resource, const char* command)
{
    rlimit limit {};
    getrlimit(resource, &limit);
    return std::string(command) + " "
        + (limit.rlim_cur == RLIM_INFINITY ? std::string("unlimited") : std::to_string(limit.rlim_cur));
}
