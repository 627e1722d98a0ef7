#include "exec/workerprotocol.h"
