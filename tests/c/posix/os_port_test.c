/*
 * SPDX-License-Identifier: MIT
 *
 * os_port_test.c - tests of ports/posix/ota_os_posix.c: the event queue
 * (FIFO order, copies by value, full and empty behaviour, timeouts, deinit
 * and init again, concurrent producers) and the timers (one shot,
 * millisecond resolution, restart, stop, delete, callbacks from the timer
 * thread, calls back into the port from a callback).
 *
 * Timing checks have a strict lower bound (never early) and a generous upper
 * bound (loaded CI machines, sanitizers).
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ota_os_posix.h"
#include "ota_private.h"
#include "test_support.h"

/* Slack allowed after a deadline. */
#define LATE_MS         400
/* The port's capacity (ota_os_posix.c default). */
#define QUEUE_LENGTH    32U

static OtaEventData_t eventBuffers[ 4 ];

static OtaEventMsg_t message( unsigned int n )
{
    OtaEventMsg_t m;

    ( void ) memset( &m, 0, sizeof( m ) );
    m.eventId = ( OtaEvent_t ) ( n % ( unsigned int ) OtaAgentEventMax );
    m.pEventData = &eventBuffers[ n % 4U ];

    return m;
}

static bool sameMessage( const OtaEventMsg_t * pA,
                         const OtaEventMsg_t * pB )
{
    return ( pA->eventId == pB->eventId ) && ( pA->pEventData == pB->pEventData );
}

static void drain( void )
{
    OtaEventMsg_t m;

    while( Posix_OtaReceiveEvent( NULL, &m, 0 ) == OtaOsSuccess )
    {
    }
}

/*-----------------------------------------------------------*/

static void testFifoAndCopies( void )
{
    OtaEventMsg_t m;
    unsigned int i;

    CHECK_EQ_U( Posix_OtaInitEvent( NULL ), OtaOsSuccess );

    for( i = 0; i < QUEUE_LENGTH; i++ )
    {
        m = message( i );
        CHECK_EQ_U( Posix_OtaSendEvent( NULL, &m, 0 ), OtaOsSuccess );
        /* The port must have copied the message, not kept a pointer to it. */
        ( void ) memset( &m, 0xa5, sizeof( m ) );
    }

    for( i = 0; i < QUEUE_LENGTH; i++ )
    {
        OtaEventMsg_t expected = message( i );

        ( void ) memset( &m, 0, sizeof( m ) );
        CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 0 ), OtaOsSuccess );
        CHECK( sameMessage( &m, &expected ) );
    }

    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 0 ), OtaOsEventQueueReceiveFailed );

    /* NULL messages are refused. */
    CHECK_EQ_U( Posix_OtaSendEvent( NULL, NULL, 0 ), OtaOsEventQueueSendFailed );
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, NULL, 0 ), OtaOsEventQueueReceiveFailed );
}

static void * delayedReceiver( void * pArg )
{
    OtaEventMsg_t m;

    ( void ) pArg;
    sleepMs( 80 );
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 0 ), OtaOsSuccess );

    return NULL;
}

static void testFullQueue( void )
{
    OtaEventMsg_t m = message( 1 );
    unsigned int i;
    int64_t start;
    int64_t took;
    pthread_t receiver;

    drain();

    for( i = 0; i < QUEUE_LENGTH; i++ )
    {
        CHECK_EQ_U( Posix_OtaSendEvent( NULL, &m, 0 ), OtaOsSuccess );
    }

    /* Timeout 0: fail at once. */
    start = nowMs();
    CHECK_EQ_U( Posix_OtaSendEvent( NULL, &m, 0 ), OtaOsEventQueueSendFailed );
    took = nowMs() - start;
    CHECK( took < 50 );

    /* Timeout 120 ms: fail after about that long, never earlier. */
    start = nowMs();
    CHECK_EQ_U( Posix_OtaSendEvent( NULL, &m, 120 ), OtaOsEventQueueSendFailed );
    took = nowMs() - start;
    CHECK( took >= 119 );
    CHECK( took < 120 + LATE_MS );

    /* A blocked sender gets in as soon as a receiver makes room. */
    CHECK( pthread_create( &receiver, NULL, delayedReceiver, NULL ) == 0 );
    start = nowMs();
    CHECK_EQ_U( Posix_OtaSendEvent( NULL, &m, 5000 ), OtaOsSuccess );
    took = nowMs() - start;
    CHECK( took >= 70 );
    CHECK( took < 80 + LATE_MS );
    CHECK( pthread_join( receiver, NULL ) == 0 );

    drain();
}

static void * delayedSender( void * pArg )
{
    OtaEventMsg_t m = message( 7 );

    ( void ) pArg;
    sleepMs( 80 );
    CHECK_EQ_U( Posix_OtaSendEvent( NULL, &m, 0 ), OtaOsSuccess );

    return NULL;
}

static void testReceiveTimeouts( void )
{
    OtaEventMsg_t m;
    OtaEventMsg_t expected = message( 7 );
    int64_t start;
    int64_t took;
    pthread_t sender;

    drain();

    start = nowMs();
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 0 ), OtaOsEventQueueReceiveFailed );
    CHECK( nowMs() - start < 50 );

    /* Millisecond timeouts, not rounded to seconds. */
    start = nowMs();
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 150 ), OtaOsEventQueueReceiveFailed );
    took = nowMs() - start;
    CHECK( took >= 149 );
    CHECK( took < 150 + LATE_MS );

    start = nowMs();
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 7 ), OtaOsEventQueueReceiveFailed );
    took = nowMs() - start;
    CHECK( took >= 6 );
    CHECK( took < 7 + LATE_MS );

    /* A waiting receiver wakes when an event arrives. */
    CHECK( pthread_create( &sender, NULL, delayedSender, NULL ) == 0 );
    start = nowMs();
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 5000 ), OtaOsSuccess );
    took = nowMs() - start;
    CHECK( sameMessage( &m, &expected ) );
    CHECK( took >= 70 );
    CHECK( took < 80 + LATE_MS );
    CHECK( pthread_join( sender, NULL ) == 0 );
}

static void testDeinitAndInitAgain( void )
{
    OtaEventMsg_t m = message( 3 );
    OtaEventMsg_t expected = message( 4 );
    int64_t start;
    int64_t took;

    CHECK_EQ_U( Posix_OtaSendEvent( NULL, &m, 0 ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaDeinitEvent( NULL ), OtaOsSuccess );

    /* Closed: sends fail at once, receives wait out their timeout. */
    start = nowMs();
    CHECK_EQ_U( Posix_OtaSendEvent( NULL, &m, 1000 ), OtaOsEventQueueSendFailed );
    CHECK( nowMs() - start < 50 );
    start = nowMs();
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 60 ), OtaOsEventQueueReceiveFailed );
    took = nowMs() - start;
    CHECK( took >= 59 );
    CHECK( took < 60 + LATE_MS );
    CHECK_EQ_U( Posix_OtaDeinitEvent( NULL ), OtaOsSuccess );

    /* Open again: empty (the event sent before deinit is gone) and working. */
    CHECK_EQ_U( Posix_OtaInitEvent( NULL ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 0 ), OtaOsEventQueueReceiveFailed );
    CHECK_EQ_U( Posix_OtaSendEvent( NULL, &expected, 0 ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 0 ), OtaOsSuccess );
    CHECK( sameMessage( &m, &expected ) );

    /* Init while open also starts from empty. */
    CHECK_EQ_U( Posix_OtaSendEvent( NULL, &expected, 0 ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaInitEvent( NULL ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 0 ), OtaOsEventQueueReceiveFailed );
}

#define PRODUCERS             4U
#define EVENTS_PER_PRODUCER   2000U

static void * producer( void * pArg )
{
    unsigned int id = ( unsigned int ) ( uintptr_t ) pArg;
    unsigned int i;

    for( i = 0; i < EVENTS_PER_PRODUCER; i++ )
    {
        OtaEventMsg_t m;

        /* The producer id rides in the event, the sequence number in the
         * pointer (never dereferenced). */
        m.eventId = ( OtaEvent_t ) id;
        m.pEventData = ( OtaEventData_t * ) ( uintptr_t ) ( i + 1U );
        CHECK_EQ_U( Posix_OtaSendEvent( NULL, &m, 10000 ), OtaOsSuccess );
    }

    return NULL;
}

static void testConcurrentProducers( void )
{
    pthread_t threads[ PRODUCERS ];
    uintptr_t nextSeq[ PRODUCERS ];
    unsigned int received = 0;
    unsigned int i;

    drain();

    for( i = 0; i < PRODUCERS; i++ )
    {
        nextSeq[ i ] = 1U;
        CHECK( pthread_create( &threads[ i ], NULL, producer, ( void * ) ( uintptr_t ) i ) == 0 );
    }

    while( received < PRODUCERS * EVENTS_PER_PRODUCER )
    {
        OtaEventMsg_t m;

        if( Posix_OtaReceiveEvent( NULL, &m, 5000 ) != OtaOsSuccess )
        {
            CHECK( !"receive timed out with producers running" );
            break;
        }

        i = ( unsigned int ) m.eventId;

        if( i >= PRODUCERS )
        {
            CHECK( !"unknown producer" );
            break;
        }

        /* Each producer's events come out in the order it sent them. */
        CHECK_EQ_U( ( uintptr_t ) m.pEventData, nextSeq[ i ] );
        nextSeq[ i ] = ( uintptr_t ) m.pEventData + 1U;
        received++;
    }

    for( i = 0; i < PRODUCERS; i++ )
    {
        CHECK( pthread_join( threads[ i ], NULL ) == 0 );
    }

    CHECK_EQ_U( received, PRODUCERS * EVENTS_PER_PRODUCER );
}

/*-----------------------------------------------------------*/

typedef struct TimerLog
{
    pthread_mutex_t lock;
    unsigned int fired[ OtaNumOfTimers ];
    int64_t lastFireMs[ OtaNumOfTimers ];
    bool fromMainThread;
    unsigned int order[ 8 ];
    unsigned int orderCount;
} TimerLog_t;

static TimerLog_t timerLog = { .lock = PTHREAD_MUTEX_INITIALIZER };
static pthread_t mainThread;

static void resetTimerLog( void )
{
    ( void ) pthread_mutex_lock( &timerLog.lock );
    ( void ) memset( timerLog.fired, 0, sizeof( timerLog.fired ) );
    ( void ) memset( timerLog.lastFireMs, 0, sizeof( timerLog.lastFireMs ) );
    timerLog.fromMainThread = false;
    timerLog.orderCount = 0;
    ( void ) pthread_mutex_unlock( &timerLog.lock );
}

static unsigned int firedCount( OtaTimerId_t id )
{
    unsigned int n;

    ( void ) pthread_mutex_lock( &timerLog.lock );
    n = timerLog.fired[ id ];
    ( void ) pthread_mutex_unlock( &timerLog.lock );

    return n;
}

static int64_t lastFire( OtaTimerId_t id )
{
    int64_t t;

    ( void ) pthread_mutex_lock( &timerLog.lock );
    t = timerLog.lastFireMs[ id ];
    ( void ) pthread_mutex_unlock( &timerLog.lock );

    return t;
}

static void recordingCallback( OtaTimerId_t id )
{
    ( void ) pthread_mutex_lock( &timerLog.lock );

    if( ( unsigned int ) id < ( unsigned int ) OtaNumOfTimers )
    {
        timerLog.fired[ id ]++;
        timerLog.lastFireMs[ id ] = nowMs();
    }

    if( timerLog.orderCount < 8U )
    {
        timerLog.order[ timerLog.orderCount++ ] = ( unsigned int ) id;
    }

    timerLog.fromMainThread = timerLog.fromMainThread || pthread_equal( pthread_self(), mainThread );
    ( void ) pthread_mutex_unlock( &timerLog.lock );
}

/* Waits (bounded) until the timer fired n times. */
static bool waitFired( OtaTimerId_t id,
                       unsigned int n,
                       uint32_t maxMs )
{
    int64_t until = nowMs() + ( int64_t ) maxMs;

    while( firedCount( id ) < n )
    {
        if( nowMs() > until )
        {
            return false;
        }

        sleepMs( 1 );
    }

    return true;
}

static void testOneShotMilliseconds( void )
{
    int64_t start;
    int64_t took;

    resetTimerLog();
    start = nowMs();
    CHECK_EQ_U( Posix_OtaStartTimer( OtaRequestTimer, "OtaRequestTimer", 40, recordingCallback ), OtaOsSuccess );
    CHECK( waitFired( OtaRequestTimer, 1, 40 + LATE_MS ) );
    took = lastFire( OtaRequestTimer ) - start;
    /* Whole-second truncation would fire at 0 ms; rounding up at 1000 ms. */
    CHECK( took >= 39 );
    CHECK( took < 40 + LATE_MS );

    /* One shot: no second call. */
    sleepMs( 150 );
    CHECK_EQ_U( firedCount( OtaRequestTimer ), 1 );
    CHECK( !timerLog.fromMainThread );

    /* Timeout 0 fires promptly. */
    resetTimerLog();
    CHECK_EQ_U( Posix_OtaStartTimer( OtaSelfTestTimer, "OtaSelfTestTimer", 0, recordingCallback ), OtaOsSuccess );
    CHECK( waitFired( OtaSelfTestTimer, 1, LATE_MS ) );
}

static void testRestartStopAndOrder( void )
{
    int64_t start;
    int64_t took;

    /* Restart: started again while running, it fires timeout after the
     * restart, once. */
    resetTimerLog();
    start = nowMs();
    CHECK_EQ_U( Posix_OtaStartTimer( OtaRequestTimer, "OtaRequestTimer", 100, recordingCallback ), OtaOsSuccess );
    sleepMs( 60 );
    CHECK_EQ_U( Posix_OtaStartTimer( OtaRequestTimer, "OtaRequestTimer", 100, recordingCallback ), OtaOsSuccess );
    CHECK( waitFired( OtaRequestTimer, 1, 160 + LATE_MS ) );
    took = lastFire( OtaRequestTimer ) - start;
    CHECK( took >= 159 );
    sleepMs( 150 );
    CHECK_EQ_U( firedCount( OtaRequestTimer ), 1 );

    /* Stop: no call. Stopping again, or an idle timer, is fine. */
    resetTimerLog();
    CHECK_EQ_U( Posix_OtaStartTimer( OtaSelfTestTimer, "OtaSelfTestTimer", 80, recordingCallback ), OtaOsSuccess );
    sleepMs( 20 );
    CHECK_EQ_U( Posix_OtaStopTimer( OtaSelfTestTimer ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaStopTimer( OtaSelfTestTimer ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaStopTimer( OtaRequestTimer ), OtaOsSuccess );
    sleepMs( 200 );
    CHECK_EQ_U( firedCount( OtaSelfTestTimer ), 0 );

    /* The two timers are independent and fire in deadline order. */
    resetTimerLog();
    CHECK_EQ_U( Posix_OtaStartTimer( OtaRequestTimer, "OtaRequestTimer", 120, recordingCallback ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaStartTimer( OtaSelfTestTimer, "OtaSelfTestTimer", 30, recordingCallback ), OtaOsSuccess );
    CHECK( waitFired( OtaRequestTimer, 1, 120 + LATE_MS ) );
    CHECK_EQ_U( firedCount( OtaSelfTestTimer ), 1 );
    CHECK_EQ_U( timerLog.orderCount, 2 );
    CHECK_EQ_U( timerLog.order[ 0 ], OtaSelfTestTimer );
    CHECK_EQ_U( timerLog.order[ 1 ], OtaRequestTimer );

    /* Stopping one leaves the other running. */
    resetTimerLog();
    CHECK_EQ_U( Posix_OtaStartTimer( OtaRequestTimer, "OtaRequestTimer", 60, recordingCallback ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaStartTimer( OtaSelfTestTimer, "OtaSelfTestTimer", 60, recordingCallback ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaStopTimer( OtaRequestTimer ), OtaOsSuccess );
    CHECK( waitFired( OtaSelfTestTimer, 1, 60 + LATE_MS ) );
    sleepMs( 60 );
    CHECK_EQ_U( firedCount( OtaRequestTimer ), 0 );
}

/* Like the agent's callback: queue an event from the timer thread; and
 * re-arm the request timer once from inside its own callback. */
static unsigned int rearmsLeft = 0;

static void agentLikeCallback( OtaTimerId_t id )
{
    OtaEventMsg_t m = message( ( unsigned int ) OtaAgentEventRequestTimer );

    m.pEventData = NULL;
    m.eventId = OtaAgentEventRequestTimer;
    CHECK_EQ_U( Posix_OtaSendEvent( NULL, &m, 0 ), OtaOsSuccess );
    recordingCallback( id );

    if( rearmsLeft > 0U )
    {
        rearmsLeft--;
        CHECK_EQ_U( Posix_OtaStartTimer( id, "OtaRequestTimer", 20, agentLikeCallback ), OtaOsSuccess );
    }
}

static void testCallbacksCallIntoThePort( void )
{
    OtaEventMsg_t m;

    drain();
    resetTimerLog();
    rearmsLeft = 1;
    CHECK_EQ_U( Posix_OtaStartTimer( OtaRequestTimer, "OtaRequestTimer", 20, agentLikeCallback ), OtaOsSuccess );
    CHECK( waitFired( OtaRequestTimer, 2, 40 + LATE_MS ) );
    sleepMs( 80 );
    CHECK_EQ_U( firedCount( OtaRequestTimer ), 2 );
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 0 ), OtaOsSuccess );
    CHECK_EQ_U( m.eventId, OtaAgentEventRequestTimer );
    CHECK( m.pEventData == NULL );
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 0 ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaReceiveEvent( NULL, &m, 0 ), OtaOsEventQueueReceiveFailed );
}

static void deletingCallback( OtaTimerId_t id )
{
    recordingCallback( id );
    /* Deleting every timer from the timer thread itself must not deadlock. */
    CHECK_EQ_U( Posix_OtaDeleteTimer( OtaRequestTimer ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaDeleteTimer( OtaSelfTestTimer ), OtaOsSuccess );
}

static void testDelete( void )
{
    /* Deleted timers never fire. */
    resetTimerLog();
    CHECK_EQ_U( Posix_OtaStartTimer( OtaRequestTimer, "OtaRequestTimer", 50, recordingCallback ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaStartTimer( OtaSelfTestTimer, "OtaSelfTestTimer", 50, recordingCallback ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaDeleteTimer( OtaRequestTimer ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaDeleteTimer( OtaSelfTestTimer ), OtaOsSuccess );
    sleepMs( 150 );
    CHECK_EQ_U( firedCount( OtaRequestTimer ), 0 );
    CHECK_EQ_U( firedCount( OtaSelfTestTimer ), 0 );

    /* Deleting what is already deleted (as the agent's shutdown may) is fine. */
    CHECK_EQ_U( Posix_OtaDeleteTimer( OtaRequestTimer ), OtaOsSuccess );

    /* Timers work again after a delete (a new timer thread). */
    CHECK_EQ_U( Posix_OtaStartTimer( OtaRequestTimer, "OtaRequestTimer", 10, recordingCallback ), OtaOsSuccess );
    CHECK( waitFired( OtaRequestTimer, 1, 10 + LATE_MS ) );

    /* Delete from inside a callback, then start again from here. */
    resetTimerLog();
    CHECK_EQ_U( Posix_OtaStartTimer( OtaSelfTestTimer, "OtaSelfTestTimer", 10, deletingCallback ), OtaOsSuccess );
    CHECK( waitFired( OtaSelfTestTimer, 1, 10 + LATE_MS ) );
    sleepMs( 20 );
    resetTimerLog();
    CHECK_EQ_U( Posix_OtaStartTimer( OtaSelfTestTimer, "OtaSelfTestTimer", 10, recordingCallback ), OtaOsSuccess );
    CHECK( waitFired( OtaSelfTestTimer, 1, 10 + LATE_MS ) );

    /* Leave no thread behind. */
    CHECK_EQ_U( Posix_OtaDeleteTimer( OtaRequestTimer ), OtaOsSuccess );
    CHECK_EQ_U( Posix_OtaDeleteTimer( OtaSelfTestTimer ), OtaOsSuccess );
}

static void testBadArguments( void )
{
    CHECK_EQ_U( Posix_OtaStartTimer( OtaNumOfTimers, "x", 10, recordingCallback ), OtaOsTimerStartFailed );
    CHECK_EQ_U( Posix_OtaStartTimer( OtaRequestTimer, "x", 10, NULL ), OtaOsTimerStartFailed );
    CHECK_EQ_U( Posix_OtaStopTimer( OtaNumOfTimers ), OtaOsTimerStopFailed );
    CHECK_EQ_U( Posix_OtaDeleteTimer( OtaNumOfTimers ), OtaOsTimerDeleteFailed );
}

static void testMemory( void )
{
    uint8_t * p = STDC_Malloc( 100 );

    CHECK( p != NULL );

    if( p != NULL )
    {
        ( void ) memset( p, 1, 100 );
    }

    STDC_Free( p );
    STDC_Free( NULL );
}

/* The functions fit the interface table as they are. */
static const OtaOSInterface_t osInterface =
{
    .event = { Posix_OtaInitEvent, Posix_OtaSendEvent, Posix_OtaReceiveEvent, Posix_OtaDeinitEvent, NULL },
    .timer = { Posix_OtaStartTimer, Posix_OtaStopTimer, Posix_OtaDeleteTimer },
    .mem   = { STDC_Malloc, STDC_Free },
};

int main( void )
{
    mainThread = pthread_self();
    CHECK( osInterface.event.init != NULL );

    testFifoAndCopies();
    testFullQueue();
    testReceiveTimeouts();
    testDeinitAndInitAgain();
    testConcurrentProducers();
    testOneShotMilliseconds();
    testRestartStopAndOrder();
    testCallbacksCallIntoThePort();
    testDelete();
    testBadArguments();
    testMemory();
    CHECK_EQ_U( Posix_OtaDeinitEvent( NULL ), OtaOsSuccess );

    return testResult( "os_port_test" );
}
