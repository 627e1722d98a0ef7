#include "exec/threadteam.h"
