# Runs a Qt Test executable's test functions except those named, so that a suite split into several CTest entries (one
# per slow function or data row, to run side by side) still runs everything it holds, including functions added later:
#
#   cmake -DTEST=<executable> "-DEXCEPT=fn|fn:tag|..." -P run-other-test-functions.cmake
#
# EXCEPT names whole functions (fn) or single data rows (fn:tag), as Qt Test takes them on its command line. The
# executable lists its functions and their rows itself (-datatags); a function some of whose rows are named runs its
# other rows one by one. Its output and exit code are the test's.
cmake_minimum_required(VERSION 3.25)

execute_process(COMMAND ${TEST} -datatags OUTPUT_VARIABLE listing RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${TEST} -datatags failed: ${status}")
endif()

# One line per function without data ("Class fn") and per data row ("Class fn tag with spaces").
string(REPLACE ";" "\\;" listing "${listing}")
string(REPLACE "\n" ";" lines "${listing}")
set(functions "")
foreach(line IN LISTS lines)
    if(NOT line MATCHES "^[^ ]+ ([^ ]+)( (.*))?$")
        continue()
    endif()
    set(function ${CMAKE_MATCH_1})
    set(tag "${CMAKE_MATCH_3}")
    if(NOT function IN_LIST functions)
        list(APPEND functions ${function})
    endif()
    if(NOT tag STREQUAL "")
        list(APPEND rows_${function} "${function}:${tag}")
    endif()
endforeach()

# The function whole when none of its rows is named, else its rows that are not.
string(REPLACE "|" ";" EXCEPT "${EXCEPT}")
set(selected "")
foreach(function IN LISTS functions)
    if(function IN_LIST EXCEPT)
        continue()
    endif()
    set(rest "")
    set(split OFF)
    foreach(row IN LISTS rows_${function})
        if(row IN_LIST EXCEPT)
            set(split ON)
        else()
            list(APPEND rest "${row}")
        endif()
    endforeach()
    if(split)
        list(APPEND selected ${rest})
    else()
        list(APPEND selected ${function})
    endif()
endforeach()

if(NOT selected)
    message(STATUS "${TEST}: every function is run by another test")
    return()
endif()
execute_process(COMMAND ${TEST} ${selected} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${TEST} failed: ${status}")
endif()
