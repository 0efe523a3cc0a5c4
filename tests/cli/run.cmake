# Runs one command-line invocation and checks its exact exit status and output, which
# add_test's PASS_REGULAR_EXPRESSION cannot do (it ignores the exit status).
#
#   cmake -DEXPECT_EXIT=N [-DINPUT=file] [-DSTDOUT_REGEX=re] [-DSTDERR_REGEX=re]
#         [-DSTDERR_EMPTY=ON] -P run.cmake -- PROGRAM ARG...

set(command)
set(seen_separator OFF)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
    if(seen_separator)
        list(APPEND command "${CMAKE_ARGV${i}}")
    elseif(CMAKE_ARGV${i} STREQUAL "--")
        set(seen_separator ON)
    endif()
endforeach()
if(NOT command OR NOT DEFINED EXPECT_EXIT)
    message(FATAL_ERROR "usage: cmake -DEXPECT_EXIT=N ... -P run.cmake -- PROGRAM ARG...")
endif()

set(input_args)
if(DEFINED INPUT)
    set(input_args INPUT_FILE "${INPUT}")
endif()
execute_process(COMMAND ${command} ${input_args}
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)

set(problems)
if(NOT status STREQUAL "${EXPECT_EXIT}")
    list(APPEND problems "exit status ${status}, expected ${EXPECT_EXIT}")
endif()
if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
    list(APPEND problems "stdout does not match: ${STDOUT_REGEX}")
endif()
if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
    list(APPEND problems "stderr does not match: ${STDERR_REGEX}")
endif()
if(STDERR_EMPTY AND NOT err STREQUAL "")
    list(APPEND problems "stderr is not empty")
endif()
if(problems)
    string(REPLACE ";" "\n  " problems "${problems}")
    message(FATAL_ERROR "${command}\n  ${problems}\n--- stdout:\n${out}\n--- stderr:\n${err}")
endif()
message(STATUS "ok: exit ${status}")
