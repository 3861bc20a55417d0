/*
 * SPDX-License-Identifier: MIT
 *
 * test_support.h - small helpers shared by the POSIX port test programs.
 */

#ifndef TEST_SUPPORT_H
#define TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Counts failed checks; main returns non-zero when any failed. */
extern int testFailures;

#define CHECK( cond )                                                   \
    do {                                                                \
        if( !( cond ) )                                                 \
        {                                                               \
            ( void ) fprintf( stderr, "%s:%d: CHECK failed: %s\n",      \
                              __FILE__, __LINE__, #cond );              \
            testFailures++;                                             \
        }                                                               \
    } while( 0 )

#define CHECK_EQ_U( actual, expected )                                  \
    do {                                                                \
        unsigned long long a_ = ( unsigned long long ) ( actual );      \
        unsigned long long e_ = ( unsigned long long ) ( expected );    \
        if( a_ != e_ )                                                  \
        {                                                               \
            ( void ) fprintf( stderr, "%s:%d: %s == 0x%llx, expected 0x%llx\n", \
                              __FILE__, __LINE__, #actual, a_, e_ );    \
            testFailures++;                                             \
        }                                                               \
    } while( 0 )

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t nowMs( void );

/* Sleeps for ms milliseconds. */
void sleepMs( uint32_t ms );

/* Reads a whole file into a malloc'd buffer; NULL on error. */
uint8_t * readWholeFile( const char * pPath,
                         size_t * pLength );

/* Prints "name: PASS" or the failure count and returns main's exit status. */
int testResult( const char * pName );

#endif /* ifndef TEST_SUPPORT_H */
