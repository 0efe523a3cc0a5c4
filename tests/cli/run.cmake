# Runs one command-line invocation and checks its exact exit status and output, which
# add_test's PASS_REGULAR_EXPRESSION cannot do (it ignores the exit status).
#
#   cmake -DEXPECT_EXIT=N [-DINPUT=file] [-DSTDOUT_REGEX=re] [-DSTDERR_REGEX=re]
#         [-DSTDERR_EMPTY=ON] [-DOUTPUT_FILE=file [-DOUTPUT_CONTAINS=a|b|...]
#         [-DOUTPUT_HEX_PREFIX=hex]] -P run.cmake -- PROGRAM ARG...
#
# OUTPUT_FILE is a file the command must write (removed first, so an old one cannot pass);
# OUTPUT_CONTAINS lists strings, separated by "|", that must all be in it; OUTPUT_HEX_PREFIX
# is how its first bytes must read in lowercase hex (a file signature).

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

if(DEFINED OUTPUT_FILE)
    file(REMOVE "${OUTPUT_FILE}")
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
if(DEFINED OUTPUT_FILE)
    if(NOT EXISTS "${OUTPUT_FILE}")
        list(APPEND problems "${OUTPUT_FILE} was not written")
    else()
        if(DEFINED OUTPUT_CONTAINS)
            file(READ "${OUTPUT_FILE}" written)
            string(REPLACE "|" ";" needles "${OUTPUT_CONTAINS}")
            foreach(needle IN LISTS needles)
                string(FIND "${written}" "${needle}" at)
                if(at EQUAL -1)
                    list(APPEND problems "${OUTPUT_FILE} does not contain: ${needle}")
                endif()
            endforeach()
        endif()
        if(DEFINED OUTPUT_HEX_PREFIX)
            string(LENGTH "${OUTPUT_HEX_PREFIX}" hex_length)
            math(EXPR byte_count "${hex_length} / 2")
            file(READ "${OUTPUT_FILE}" head LIMIT ${byte_count} HEX)
            if(NOT head STREQUAL OUTPUT_HEX_PREFIX)
                list(APPEND problems "${OUTPUT_FILE} starts with ${head}, not ${OUTPUT_HEX_PREFIX}")
            endif()
        endif()
    endif()
endif()
if(problems)
    string(REPLACE ";" "\n  " problems "${problems}")
    message(FATAL_ERROR "${command}\n  ${problems}\n--- stdout:\n${out}\n--- stderr:\n${err}")
endif()
message(STATUS "ok: exit ${status}")
