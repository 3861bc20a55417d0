/*
 * SPDX-License-Identifier: MIT
 *
 * ota_os_posix.c - the OTA OS interface (ota_os_interface.h) for POSIX hosts:
 * an in-process event queue, the agent's two one-shot timers, and the C heap.
 *
 * Event queue: a bounded ring of OtaEventMsg_t copied by value, guarded by a
 * mutex, with condition variables for "not empty" and "not full". Timeouts
 * are measured on CLOCK_MONOTONIC, so changing the wall clock does not
 * stretch or cut them.
 *
 * Timers: one timer thread serves both OTA timers with millisecond
 * resolution. It sleeps on a condition variable until the earliest deadline,
 * and calls the expired timer's callback with no lock held, so the callback
 * may call back into this port (start, stop, send). The thread is started by
 * the first Posix_OtaStartTimer and ends, joined, when the last timer is
 * deleted, so a shut-down agent leaves no thread behind.
 *
 * Every function may be called from any thread.
 *
 * Build: C99 with POSIX.1-2008 (-D_POSIX_C_SOURCE=200809L is set below if
 * missing), link with -lpthread. Logging goes through LogError / LogWarn /
 * LogInfo / LogDebug from the application's ota_config.h.
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ota_os_posix.h"

/* OtaEventMsg_t, the otaconfig values and the Log* macros. */
#include "ota_private.h"

/**
 * @brief Capacity of the event queue, in events.
 *
 * The agent queues few events of its own; the rest are job documents and data
 * blocks from the MQTT / HTTP glue. Override with -DOTA_POSIX_EVENT_QUEUE_LENGTH=n.
 */
#ifndef OTA_POSIX_EVENT_QUEUE_LENGTH
    #define OTA_POSIX_EVENT_QUEUE_LENGTH    32U
#endif

/*
 * The clock deadlines are measured on. macOS has no
 * pthread_condattr_setclock, so condition variables there wait on the
 * wall clock.
 */
#if defined( __APPLE__ )
    #define OTA_POSIX_CLOCK    CLOCK_REALTIME
#else
    #define OTA_POSIX_CLOCK    CLOCK_MONOTONIC
#endif

#define NANOS_PER_SECOND       1000000000L
#define NANOS_PER_MILLI        1000000L

/*-----------------------------------------------------------*/

/* Condition variables need run-time initialisation to choose their clock;
 * pthread_once does it exactly once whichever function runs first. */
static pthread_once_t syncOnce = PTHREAD_ONCE_INIT;
static bool syncReady = false;

typedef struct EventQueue
{
    pthread_mutex_t lock;
    pthread_cond_t notEmpty;
    pthread_cond_t notFull;
    OtaEventMsg_t ring[ OTA_POSIX_EVENT_QUEUE_LENGTH ];
    size_t head;  /* Index of the oldest event. */
    size_t count; /* Events in the ring. */
    bool open;    /* Between Posix_OtaInitEvent and Posix_OtaDeinitEvent. */
} EventQueue_t;

typedef struct PosixTimer
{
    bool created;                /* Started at least once and not deleted. */
    bool armed;                  /* Waiting to fire. */
    struct timespec deadline;    /* When it fires, on OTA_POSIX_CLOCK. */
    OtaTimerCallback_t callback; /* What it calls. */
    const char * pName;          /* For log messages only. */
} PosixTimer_t;

typedef struct TimerService
{
    pthread_mutex_t lock;
    pthread_cond_t wake; /* Signalled whenever a timer changes. */
    PosixTimer_t timers[ OtaNumOfTimers ];
    bool threadRunning;
    pthread_t thread;
    unsigned int generation; /* A timer thread runs while this equals its own. */
} TimerService_t;

static EventQueue_t eventQueue = { .lock = PTHREAD_MUTEX_INITIALIZER };
static TimerService_t timerService = { .lock = PTHREAD_MUTEX_INITIALIZER };

/*-----------------------------------------------------------*/

static bool initCondition( pthread_cond_t * pCond )
{
    pthread_condattr_t attr;
    bool ok = ( pthread_condattr_init( &attr ) == 0 );

    if( ok )
    {
        #if !defined( __APPLE__ )
            ok = ( pthread_condattr_setclock( &attr, OTA_POSIX_CLOCK ) == 0 );
        #endif

        ok = ok && ( pthread_cond_init( pCond, &attr ) == 0 );
        ( void ) pthread_condattr_destroy( &attr );
    }

    return ok;
}

static void initSync( void )
{
    syncReady = initCondition( &eventQueue.notEmpty ) &&
                initCondition( &eventQueue.notFull ) &&
                initCondition( &timerService.wake );

    if( !syncReady )
    {
        LogError( ( "OS port: could not create condition variables." ) );
    }
}

static bool ensureSync( void )
{
    return ( pthread_once( &syncOnce, initSync ) == 0 ) && syncReady;
}

/* The time ms milliseconds from now, on OTA_POSIX_CLOCK. */
static struct timespec deadlineAfter( uint32_t ms )
{
    struct timespec t = { 0, 0 };

    ( void ) clock_gettime( OTA_POSIX_CLOCK, &t );
    t.tv_sec += ( time_t ) ( ms / 1000U );
    t.tv_nsec += ( long ) ( ms % 1000U ) * NANOS_PER_MILLI;

    if( t.tv_nsec >= NANOS_PER_SECOND )
    {
        t.tv_sec += 1;
        t.tv_nsec -= NANOS_PER_SECOND;
    }

    return t;
}

/* a is at or before b. */
static bool notAfter( const struct timespec * pA,
                      const struct timespec * pB )
{
    return ( pA->tv_sec < pB->tv_sec ) ||
           ( ( pA->tv_sec == pB->tv_sec ) && ( pA->tv_nsec <= pB->tv_nsec ) );
}

/*-----------------------------------------------------------*/

OtaOsStatus_t Posix_OtaInitEvent( OtaEventContext_t * pEventCtx )
{
    ( void ) pEventCtx; /* The agent always passes NULL: one queue per process. */

    if( !ensureSync() )
    {
        return OtaOsEventQueueCreateFailed;
    }

    ( void ) pthread_mutex_lock( &eventQueue.lock );
    /* Initialising again starts from an empty queue. */
    eventQueue.head = 0U;
    eventQueue.count = 0U;
    eventQueue.open = true;
    ( void ) pthread_cond_broadcast( &eventQueue.notFull );
    ( void ) pthread_mutex_unlock( &eventQueue.lock );

    LogDebug( ( "OS port: event queue ready (%u events).",
                ( unsigned int ) OTA_POSIX_EVENT_QUEUE_LENGTH ) );

    return OtaOsSuccess;
}

OtaOsStatus_t Posix_OtaSendEvent( OtaEventContext_t * pEventCtx,
                                  const void * pEventMsg,
                                  unsigned int timeout )
{
    OtaOsStatus_t status = OtaOsEventQueueSendFailed;
    struct timespec deadline;
    bool wasOpen;

    ( void ) pEventCtx;

    if( ( pEventMsg == NULL ) || !ensureSync() )
    {
        LogError( ( "OS port: cannot send event: %s.",
                    ( pEventMsg == NULL ) ? "NULL message" : "no queue" ) );
        return status;
    }

    deadline = deadlineAfter( ( uint32_t ) timeout );

    ( void ) pthread_mutex_lock( &eventQueue.lock );

    /* A full queue is waited on for at most timeout ms; 0 means try once. */
    while( eventQueue.open && ( eventQueue.count == OTA_POSIX_EVENT_QUEUE_LENGTH ) && ( timeout > 0U ) )
    {
        if( pthread_cond_timedwait( &eventQueue.notFull, &eventQueue.lock, &deadline ) == ETIMEDOUT )
        {
            break;
        }
    }

    wasOpen = eventQueue.open;

    if( eventQueue.open && ( eventQueue.count < OTA_POSIX_EVENT_QUEUE_LENGTH ) )
    {
        size_t tail = ( eventQueue.head + eventQueue.count ) % OTA_POSIX_EVENT_QUEUE_LENGTH;

        /* Copied by value: the caller's message may live on its stack. */
        ( void ) memcpy( &eventQueue.ring[ tail ], pEventMsg, sizeof( OtaEventMsg_t ) );
        eventQueue.count++;
        ( void ) pthread_cond_signal( &eventQueue.notEmpty );
        status = OtaOsSuccess;
    }

    ( void ) pthread_mutex_unlock( &eventQueue.lock );

    if( status != OtaOsSuccess )
    {
        LogError( ( "OS port: event dropped: %s.",
                    wasOpen ? "queue full" : "queue not initialised" ) );
    }

    ( void ) wasOpen; /* Only read by the log message, which may be compiled out. */

    return status;
}

OtaOsStatus_t Posix_OtaReceiveEvent( OtaEventContext_t * pEventCtx,
                                     void * pEventMsg,
                                     uint32_t timeout )
{
    OtaOsStatus_t status = OtaOsEventQueueReceiveFailed;
    struct timespec deadline;

    ( void ) pEventCtx;

    if( ( pEventMsg == NULL ) || !ensureSync() )
    {
        LogError( ( "OS port: cannot receive event: %s.",
                    ( pEventMsg == NULL ) ? "NULL buffer" : "no queue" ) );
        return status;
    }

    deadline = deadlineAfter( timeout );

    ( void ) pthread_mutex_lock( &eventQueue.lock );

    /* A closed queue is waited on like an empty one, so an event loop running
     * while the queue is deinitialised sleeps instead of spinning. */
    while( ( !eventQueue.open || ( eventQueue.count == 0U ) ) && ( timeout > 0U ) )
    {
        if( pthread_cond_timedwait( &eventQueue.notEmpty, &eventQueue.lock, &deadline ) == ETIMEDOUT )
        {
            break;
        }
    }

    if( eventQueue.open && ( eventQueue.count > 0U ) )
    {
        ( void ) memcpy( pEventMsg, &eventQueue.ring[ eventQueue.head ], sizeof( OtaEventMsg_t ) );
        eventQueue.head = ( eventQueue.head + 1U ) % OTA_POSIX_EVENT_QUEUE_LENGTH;
        eventQueue.count--;
        ( void ) pthread_cond_signal( &eventQueue.notFull );
        status = OtaOsSuccess;
    }

    ( void ) pthread_mutex_unlock( &eventQueue.lock );

    /* An empty poll is the agent's normal idle path: not worth an error. */
    if( status != OtaOsSuccess )
    {
        LogDebug( ( "OS port: no event within %u ms.", ( unsigned int ) timeout ) );
    }

    return status;
}

OtaOsStatus_t Posix_OtaDeinitEvent( OtaEventContext_t * pEventCtx )
{
    ( void ) pEventCtx;

    if( !ensureSync() )
    {
        return OtaOsEventQueueDeleteFailed;
    }

    ( void ) pthread_mutex_lock( &eventQueue.lock );
    /* Queued events are dropped; their buffers still belong to the
     * application, which must not expect an OtaJobEventProcessed for them. */
    eventQueue.open = false;
    eventQueue.head = 0U;
    eventQueue.count = 0U;
    /* Blocked senders give up now; receivers sleep out their timeout. */
    ( void ) pthread_cond_broadcast( &eventQueue.notFull );
    ( void ) pthread_mutex_unlock( &eventQueue.lock );

    LogDebug( ( "OS port: event queue closed." ) );

    return OtaOsSuccess;
}

/*-----------------------------------------------------------*/

static bool validTimer( OtaTimerId_t otaTimerId )
{
    return ( otaTimerId == OtaRequestTimer ) || ( otaTimerId == OtaSelfTestTimer );
}

/* The timer thread. It owns no timer: it sleeps until the earliest armed
 * deadline, disarms that timer and calls its callback with the lock
 * released. It leaves as soon as the generation moves on (see
 * Posix_OtaDeleteTimer). */
static void * timerThread( void * pArg )
{
    unsigned int myGeneration = ( unsigned int ) ( uintptr_t ) pArg;

    ( void ) pthread_mutex_lock( &timerService.lock );

    while( timerService.generation == myGeneration )
    {
        PosixTimer_t * pNext = NULL;
        int id;
        int nextId = 0;

        for( id = 0; id < ( int ) OtaNumOfTimers; id++ )
        {
            PosixTimer_t * pTimer = &timerService.timers[ id ];

            if( pTimer->armed && ( ( pNext == NULL ) || notAfter( &pTimer->deadline, &pNext->deadline ) ) )
            {
                pNext = pTimer;
                nextId = id;
            }
        }

        if( pNext == NULL )
        {
            ( void ) pthread_cond_wait( &timerService.wake, &timerService.lock );
        }
        else
        {
            struct timespec now = { 0, 0 };

            ( void ) clock_gettime( OTA_POSIX_CLOCK, &now );

            if( notAfter( &pNext->deadline, &now ) )
            {
                OtaTimerCallback_t callback = pNext->callback;

                /* One-shot: disarmed before the call, so the callback may
                 * restart it. */
                pNext->armed = false;
                LogDebug( ( "OS port: timer %s expired.", ( pNext->pName != NULL ) ? pNext->pName : "?" ) );

                ( void ) pthread_mutex_unlock( &timerService.lock );

                if( callback != NULL )
                {
                    callback( ( OtaTimerId_t ) nextId );
                }

                ( void ) pthread_mutex_lock( &timerService.lock );
            }
            else
            {
                ( void ) pthread_cond_timedwait( &timerService.wake, &timerService.lock, &pNext->deadline );
            }
        }
    }

    ( void ) pthread_mutex_unlock( &timerService.lock );

    return NULL;
}

OtaOsStatus_t Posix_OtaStartTimer( OtaTimerId_t otaTimerId,
                                   const char * const pTimerName,
                                   const uint32_t timeout,
                                   OtaTimerCallback_t callback )
{
    OtaOsStatus_t status = OtaOsSuccess;

    if( !validTimer( otaTimerId ) || ( callback == NULL ) )
    {
        LogError( ( "OS port: cannot start timer %d: %s.", ( int ) otaTimerId,
                    ( callback == NULL ) ? "NULL callback" : "unknown timer" ) );
        return OtaOsTimerStartFailed;
    }

    if( !ensureSync() )
    {
        return OtaOsTimerCreateFailed;
    }

    ( void ) pthread_mutex_lock( &timerService.lock );

    if( !timerService.threadRunning )
    {
        int rc;

        timerService.generation++;
        rc = pthread_create( &timerService.thread, NULL, timerThread,
                             ( void * ) ( uintptr_t ) timerService.generation );

        if( rc == 0 )
        {
            timerService.threadRunning = true;
        }
        else
        {
            LogError( ( "OS port: cannot create the timer thread: %s.", strerror( rc ) ) );
            status = OtaOsTimerCreateFailed;
        }
    }

    if( status == OtaOsSuccess )
    {
        PosixTimer_t * pTimer = &timerService.timers[ otaTimerId ];

        /* Starting a running timer restarts it from now. */
        pTimer->created = true;
        pTimer->armed = true;
        pTimer->deadline = deadlineAfter( timeout );
        pTimer->callback = callback;
        pTimer->pName = pTimerName;
        ( void ) pthread_cond_broadcast( &timerService.wake );

        LogDebug( ( "OS port: timer %s started for %u ms.", ( pTimer->pName != NULL ) ? pTimer->pName : "?",
                    ( unsigned int ) timeout ) );
    }

    ( void ) pthread_mutex_unlock( &timerService.lock );

    return status;
}

OtaOsStatus_t Posix_OtaStopTimer( OtaTimerId_t otaTimerId )
{
    if( !validTimer( otaTimerId ) )
    {
        LogError( ( "OS port: cannot stop timer %d: unknown timer.", ( int ) otaTimerId ) );
        return OtaOsTimerStopFailed;
    }

    ( void ) pthread_mutex_lock( &timerService.lock );
    /* Stopping an idle or never-started timer is not an error: the agent
     * stops timers on every success path without tracking whether they run. */
    timerService.timers[ otaTimerId ].armed = false;

    if( timerService.threadRunning )
    {
        ( void ) pthread_cond_broadcast( &timerService.wake );
    }

    ( void ) pthread_mutex_unlock( &timerService.lock );

    return OtaOsSuccess;
}

OtaOsStatus_t Posix_OtaDeleteTimer( OtaTimerId_t otaTimerId )
{
    bool joinThread = false;
    pthread_t thread = pthread_self();
    int id;
    bool anyCreated = false;

    if( !validTimer( otaTimerId ) )
    {
        LogError( ( "OS port: cannot delete timer %d: unknown timer.", ( int ) otaTimerId ) );
        return OtaOsTimerDeleteFailed;
    }

    ( void ) pthread_mutex_lock( &timerService.lock );

    timerService.timers[ otaTimerId ].armed = false;
    timerService.timers[ otaTimerId ].created = false;
    timerService.timers[ otaTimerId ].callback = NULL;

    for( id = 0; id < ( int ) OtaNumOfTimers; id++ )
    {
        anyCreated = anyCreated || timerService.timers[ id ].created;
    }

    /* The last timer gone: retire the thread. A later start makes a new one
     * (with a new generation, so an old thread still finishing a callback
     * never touches the new timers). */
    if( !anyCreated && timerService.threadRunning )
    {
        timerService.generation++;
        timerService.threadRunning = false;
        thread = timerService.thread;
        joinThread = true;
    }

    /* (The condition variable exists once a thread was ever started.) */
    if( joinThread || timerService.threadRunning )
    {
        ( void ) pthread_cond_broadcast( &timerService.wake );
    }

    ( void ) pthread_mutex_unlock( &timerService.lock );

    if( joinThread )
    {
        if( pthread_equal( thread, pthread_self() ) )
        {
            /* Deleted from its own callback: it ends when the callback returns. */
            ( void ) pthread_detach( thread );
        }
        else
        {
            /* Waits for a callback in progress: once this returns, no timer
             * callback runs any more. */
            ( void ) pthread_join( thread, NULL );
        }
    }

    return OtaOsSuccess;
}

/*-----------------------------------------------------------*/

void * STDC_Malloc( size_t size )
{
    return malloc( size );
}

void STDC_Free( void * ptr )
{
    free( ptr );
}
