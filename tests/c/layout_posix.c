/*
 * SPDX-License-Identifier: MIT
 *
 * Layout and prototype checks for the POSIX OS port header, built for POSIX
 * hosts only (timer_t is a POSIX type).
 */

#define _POSIX_C_SOURCE    200809L

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ota_os_posix.h"

#define CHECK( cond )          __extension__ _Static_assert( cond, #cond )
#define FN( fn, type )         CHECK( __builtin_types_compatible_p( __typeof__( &fn ), type ) )
#define FTYPE( T, f, type )    CHECK( __builtin_types_compatible_p( __typeof__( ( ( T * ) 0 )->f ), type ) )

CHECK( offsetof( struct OtaTimerContext, timer ) == 0U );
CHECK( offsetof( struct OtaTimerContext, timerId ) == sizeof( timer_t ) );
FTYPE( struct OtaTimerContext, timer, timer_t );
FTYPE( struct OtaTimerContext, timerId, OtaTimerId_t );

/* The port functions fit the OS interface typedefs. */
FN( Posix_OtaInitEvent, OtaInitEvent_t );
FN( Posix_OtaSendEvent, OtaSendEvent_t );
FN( Posix_OtaReceiveEvent, OtaReceiveEvent_t );
FN( Posix_OtaDeinitEvent, OtaDeinitEvent_t );
FN( Posix_OtaStartTimer, OtaStartTimer_t );
FN( Posix_OtaStopTimer, OtaStopTimer_t );
FN( Posix_OtaDeleteTimer, OtaDeleteTimer_t );
FN( STDC_Malloc, OtaMalloc_t );
FN( STDC_Free, OtaFree_t );
