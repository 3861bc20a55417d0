/*
 * SPDX-License-Identifier: MIT
 *
 * ota_config.h for the POSIX port tests: log messages to stderr so a failing
 * test shows what the ports said; a self-test window below one second (only
 * millisecond timers honour it); defaults otherwise.
 */

#ifndef OTA_CONFIG_H
#define OTA_CONFIG_H

#include <stdio.h>

#define otaconfigSELF_TEST_RESPONSE_WAIT_MS    300U
#define otaconfigFILE_REQUEST_WAIT_MS          500U

#define OTA_TEST_LOG( level, message )         \
    do {                                       \
        ( void ) fprintf( stderr, "[%s] ", level ); \
        ( void ) fprintf message;              \
        ( void ) fputc( '\n', stderr );        \
    } while( 0 )

/* The messages are printf argument lists in parentheses: (( "fmt", ... )).
 * OTA_TEST_STDERR puts stderr in front of them. */
#define OTA_TEST_STDERR( ... )    ( stderr, __VA_ARGS__ )

#define LogError( message )    OTA_TEST_LOG( "ERROR", OTA_TEST_STDERR message )
#define LogWarn( message )     OTA_TEST_LOG( "WARN", OTA_TEST_STDERR message )
#define LogInfo( message )     OTA_TEST_LOG( "INFO", OTA_TEST_STDERR message )
#ifdef OTA_TEST_LOG_DEBUG
    #define LogDebug( message )    OTA_TEST_LOG( "DEBUG", OTA_TEST_STDERR message )
#else
    #define LogDebug( message )
#endif

#endif /* ifndef OTA_CONFIG_H */
