#include "exec/workload.h"
