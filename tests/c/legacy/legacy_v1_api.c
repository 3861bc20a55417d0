/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: an application written for the v1 agent API (v1_app.c, which
 * includes only v1 headers) with the v1 PAL (v1_pal_file.c). This file is
 * the application's glue: it includes the v3 headers first, then the v1
 * ones, and hands the v1 API its OS and MQTT interfaces (the fakes) with
 * OTA_V1_SetPlatform.
 *
 * Phases, in one directory:
 *   api       v1 results before OTA_AgentInit, OTA_AgentInit, a download
 *             with the application's complete callback activating, agent
 *             states in the v1 numbering of the layout, packet counters,
 *             OTA_Suspend / OTA_Resume / OTA_CheckForUpdate, a second
 *             OTA_AgentInit, OTA_AgentShutdown and v1 results after it;
 *   selftest  the next boot, with the v1 default callback: it accepts;
 *   custom    OTA_AgentInit_internal with a custom-job callback;
 *   task      the agent in its own task, started through the platform
 *             hook, OTA_AgentInit and OTA_AgentShutdown waiting for it.
 *
 * Built with OTA_V1_FILE_CONTEXT_LAYOUT 110 and 100.
 */

#define _POSIX_C_SOURCE    200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fakes.h"
#include "ota_appversion32.h"
#include "ota_v1_adapter.h"
#include "legacy_common.h"

/* The v1 names, after the v3 headers. */
#include "aws_iot_ota_agent.h"

#include "v1_app.h"

extern int test_v1pal_creates;
extern int test_v1pal_activations;
extern int test_v1pal_context_mismatches;

#if ( OTA_V1_FILE_CONTEXT_LAYOUT == 100 )
    #define V1_STOPPED      eOTA_AgentState_NotReady
    #define V1_INIT         eOTA_AgentState_NotReady
    #define V1_RECEIVING    eOTA_AgentState_Active
    #define V1_IDLE         eOTA_AgentState_Ready
#else
    #define V1_STOPPED      eOTA_AgentState_Stopped
    #define V1_INIT         eOTA_AgentState_Init
    #define V1_RECEIVING    eOTA_AgentState_WaitingForFileBlock
    #define V1_IDLE         eOTA_AgentState_WaitingForJob
#endif

#define STREAM       "stream-v1api"
#define FILE_PATH    "firmware.bin"
#define JOB_ID       "job-v1api-1"

static OtaV1Platform_t platform;
static pthread_t agentThread;
static bool agentThreadStarted = false;

static void * agentTask( void * pArg )
{
    ( void ) pArg;
    OTA_EventProcessingTask( NULL );
    return NULL;
}

static void startAgentTask( void )
{
    agentThreadStarted = pthread_create( &agentThread, NULL, agentTask, NULL ) == 0;
}

static void delayOneTick( void )
{
    struct timespec ts = { 0, 1000000L };

    ( void ) nanosleep( &ts, NULL );
}

static void setPlatform( bool withTask )
{
    ( void ) memset( &platform, 0, sizeof( platform ) );
    platform.pInterfaces = fake_interfaces();
    platform.pAppBuffer = fake_app_buffers( true );
    platform.eventHook = fake_app_callback;

    if( withTask )
    {
        platform.startAgentTask = startAgentTask;
        platform.delayOneTick = delayOneTick;
    }

    CHECK( OTA_V1_SetPlatform( &platform ), "OTA_V1_SetPlatform" );
    CHECK( !OTA_V1_SetPlatform( NULL ), "OTA_V1_SetPlatform( NULL ) accepted" );
    /* The v1 callbacks do the activating; the hook only returns buffers. */
    fake_app.activateCallsApi = false;
}

static void serveImage( const LcImage_t * img,
                        const char * jobId,
                        const char * statusDetails )
{
    char exec[ 2048 ];

    fake_cloud_add_stream( STREAM, 0U, img->data, img->size );
    ( void ) lc_job_mqtt( exec, sizeof( exec ), jobId, STREAM, FILE_PATH, "signer.crt", img->size, img->sig, statusDetails );
    fake_cloud_set_next_job( exec );
}

static bool receiving( void )
{
    return OTA_GetState() == OtaAgentStateWaitingForFileBlock;
}

static void checkStoppedResults( const char * when )
{
    CHECK_INT( V1_STOPPED, v1_app_state(), when );
    CHECK_INT( kOTA_Err_EventQueueSendFailed, v1_app_check_for_update(), "OTA_CheckForUpdate while stopped" );
    CHECK_INT( kOTA_Err_Panic, v1_app_set_image_state( eOTA_ImageState_Aborted ), "OTA_SetImageState( Aborted ) while stopped" );
    #if ( OTA_V1_FILE_CONTEXT_LAYOUT != 100 )
        CHECK_INT( kOTA_Err_OTAAgentStopped, v1_app_suspend(), "OTA_Suspend while stopped" );
        CHECK_INT( kOTA_Err_OTAAgentStopped, v1_app_resume(), "OTA_Resume while stopped" );
    #endif
}

static void phase_api( void )
{
    LcImage_t img;
    uint32_t n = 0;
    uint8_t * written;
    uint32_t blocks;
    size_t mq0;

    lc_load_image( "image", &img );
    blocks = lc_blocks( img.size );

    /* Before OTA_AgentInit, as v1 answered. */
    checkStoppedResults( "OTA_GetAgentState before OTA_AgentInit" );
    CHECK_INT( kOTA_Err_BadImageState, v1_app_set_image_state( eOTA_ImageState_Testing ), "OTA_SetImageState( Testing )" );
    CHECK_INT( kOTA_Err_BadImageState, v1_app_set_image_state( eOTA_ImageState_Unknown ), "OTA_SetImageState( Unknown )" );
    CHECK_INT( kOTA_Err_BadImageState, v1_app_set_image_state( ( int ) eOTA_LastImageState + 1 ), "OTA_SetImageState( Last + 1 )" );
    CHECK_INT( eOTA_ImageState_Unknown, v1_app_get_image_state(), "OTA_GetImageState before OTA_AgentInit" );
    CHECK_INT( 0, v1_app_packets_received() + v1_app_packets_queued() + v1_app_packets_processed() + v1_app_packets_dropped(),
               "packet counters before OTA_AgentInit" );
    CHECK_INT( V1_STOPPED, v1_app_shutdown( 10 ), "OTA_AgentShutdown before OTA_AgentInit" );
    CHECK_INT( V1_STOPPED, v1_app_start( ABI_THING_NAME, 0, 0 ), "OTA_AgentInit without OTA_V1_SetPlatform" );
    CHECK_STATE( OtaAgentStateStopped, "v3 state after OTA_AgentInit without a platform" );

    setPlatform( false );
    serveImage( &img, JOB_ID, NULL );
    mq0 = fake_mqtt_count();

    CHECK_INT( V1_INIT, v1_app_start( ABI_THING_NAME, 100, 0 ), "OTA_AgentInit" );
    CHECK( OTA_V1_GetConnection() == v1_app_connection(), "OTA_V1_GetConnection is not OTA_AgentInit's connection" );
    CHECK_INT( 0x01000001, appFirmwareVersion.u.unsignedVersion32, "appFirmwareVersion is the v1 application's xAppFirmwareVersion" );
    CHECK_INT( 0x01000001, v1_app_version32(), "xAppFirmwareVersion.u.ulVersion32" );

    ( void ) fake_drive_until( receiving, 200 );
    CHECK_INT( V1_RECEIVING, v1_app_state(), "OTA_GetAgentState while receiving" );
    ( void ) fake_drive();
    CHECK_INT( V1_IDLE, v1_app_state(), "OTA_GetAgentState after the download" );

    CHECK_INT( 1, v1_app_events[ eOTA_JobEvent_Activate ], "complete callback: Activate" );
    CHECK_INT( 0, v1_app_events[ eOTA_JobEvent_Fail ], "complete callback: Fail" );
    CHECK_INT( kOTA_Err_None, v1_app_activate_result, "OTA_ActivateNewImage in the callback" );
    CHECK_INT( 1, test_v1pal_creates, "v1 PAL file creations" );
    CHECK_INT( 1, test_v1pal_activations, "v1 PAL activations" );
    CHECK_INT( 0, test_v1pal_context_mismatches, "v1 PAL context or handle changed between calls" );
    CHECK_INT( 0, fake_pal_count(), "calls into the platform table's own PAL (replaced by the v1 PAL)" );
    written = lc_read_file( FILE_PATH, &n );
    CHECK( ( written != NULL ) && ( n == img.size ) && ( memcmp( written, img.data, n ) == 0 ), "firmware.bin differs from the image" );
    free( written );
    CHECK_INT( 1, fake_mqtt_count_status( mq0, JOB_ID, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ),
               "self_test ready status" );

    CHECK_INT( blocks, v1_app_packets_received(), "OTA_GetPacketsReceived" );
    CHECK_INT( blocks, v1_app_packets_queued(), "OTA_GetPacketsQueued" );
    CHECK_INT( blocks, v1_app_packets_processed(), "OTA_GetPacketsProcessed" );
    CHECK_INT( 0, v1_app_packets_dropped(), "OTA_GetPacketsDropped" );
    CHECK_INT( blocks + 1U, fake_cb_count_event( 0, OtaJobEventProcessed ), "buffers returned through the event hook" );

    /* No more jobs from here on. */
    fake_cloud_set_next_job( NULL );

    #if ( OTA_V1_FILE_CONTEXT_LAYOUT != 100 )
        CHECK_INT( kOTA_Err_None, v1_app_suspend(), "OTA_Suspend" );
        ( void ) fake_drive();
        CHECK_INT( eOTA_AgentState_Suspended, v1_app_state(), "OTA_GetAgentState after OTA_Suspend" );
        CHECK_INT( kOTA_Err_None, v1_app_resume(), "OTA_Resume" );
        ( void ) fake_drive();
        CHECK_INT( eOTA_AgentState_WaitingForJob, v1_app_state(), "OTA_GetAgentState after OTA_Resume" );
    #endif

    CHECK_INT( kOTA_Err_None, v1_app_check_for_update(), "OTA_CheckForUpdate" );
    ( void ) fake_drive();

    /* A second OTA_AgentInit while running keeps the agent. */
    CHECK_INT( V1_IDLE, v1_app_start( ABI_THING_NAME, 0, 0 ), "OTA_AgentInit while running" );
    CHECK_INT( 0, v1_app_packets_received(), "OTA_AgentInit while running zeroes the counters" );

    ( void ) v1_app_shutdown( 0 );
    fake_shutdown_agent( 1 );
    checkStoppedResults( "OTA_GetAgentState after OTA_AgentShutdown" );
    free( img.data );
}

static void phase_selftest( void )
{
    LcImage_t img;
    size_t mq0;

    lc_load_image( "image", &img );
    setPlatform( false );
    serveImage( &img, JOB_ID, "{\"self_test\":\"ready\",\"updatedBy\":\"0x1000000\"}" );
    mq0 = fake_mqtt_count();

    /* No complete callback: the v1 default one accepts the image. */
    CHECK_INT( V1_INIT, v1_app_start( ABI_THING_NAME, 0, 1 ), "OTA_AgentInit" );
    ( void ) fake_drive();

    CHECK_INT( 1, fake_mqtt_count_status( mq0, JOB_ID, "{\"status\":\"SUCCEEDED\"" ), "SUCCEEDED status" );
    CHECK_INT( eOTA_ImageState_Accepted, v1_app_get_image_state(), "OTA_GetImageState after the accept" );
    CHECK_INT( 0, v1_app_events[ eOTA_JobEvent_StartTest ], "application callback called although none was given" );
    CHECK_INT( 0, test_v1pal_creates, "download during the self test" );

    fake_shutdown_agent( 1 );
    free( img.data );
}

static void phase_custom( void )
{
    static const char blink[] = "{\"jobId\":\"custom-blink\",\"status\":\"QUEUED\",\"queuedAt\":1,\"lastUpdatedAt\":1,"
                                "\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"blink\"}}";
    static const char other[] = "{\"jobId\":\"custom-other\",\"status\":\"QUEUED\",\"queuedAt\":1,\"lastUpdatedAt\":1,"
                                "\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"reboot\"}}";
    size_t mq0;

    setPlatform( false );
    fake_cloud_set_next_job( blink );
    mq0 = fake_mqtt_count();

    CHECK_INT( V1_INIT, v1_app_start_internal( ABI_THING_NAME, 0 ), "OTA_AgentInit_internal" );
    ( void ) fake_drive();
    CHECK_INT( 1, v1_app_custom_jobs, "custom-job callback calls" );
    CHECK_INT( 1, fake_mqtt_count_status( mq0, "custom-blink", "{\"status\":\"SUCCEEDED\"" ), "custom job taken: SUCCEEDED" );

    fake_cloud_set_next_job( NULL );
    CHECK( fake_cloud_notify_next( other ), "notify-next with a second custom job" );
    ( void ) fake_drive();
    CHECK_INT( 2, v1_app_custom_jobs, "custom-job callback calls" );
    CHECK_INT( 1, fake_mqtt_count_status( mq0, "custom-other", "{\"status\":\"FAILED\"" ), "custom job refused: FAILED" );

    /* No job: accepting reaches the PAL (which has nothing to commit) and finds no job. */
    CHECK_INT( kOTA_Err_NoActiveJob, v1_app_set_image_state( eOTA_ImageState_Accepted ), "OTA_SetImageState( Accepted ) without a job" );

    fake_shutdown_agent( 1 );
}

static void phase_task( void )
{
#if ( OTA_V1_FILE_CONTEXT_LAYOUT == 100 )
    CHECK( false, "the task phase uses V1.1 agent states" );
#else
    setPlatform( true );
    fake_cloud_set_next_job( NULL );

    CHECK_INT( eOTA_AgentState_WaitingForJob, v1_app_start( ABI_THING_NAME, 5000, 0 ), "OTA_AgentInit waiting for the agent task" );
    CHECK( agentThreadStarted, "the platform's startAgentTask was not called" );
    CHECK_INT( eOTA_AgentState_Stopped, v1_app_shutdown( 5000 ), "OTA_AgentShutdown waiting for the agent task" );

    if( agentThreadStarted )
    {
        ( void ) pthread_join( agentThread, NULL );
    }
#endif
}

int main( int argc,
          char ** argv )
{
    static const LcPhase_t phases[] =
    {
        { "api", phase_api },
        { "selftest", phase_selftest },
        { "custom", phase_custom },
        { "task", phase_task }
    };

    return lc_run_phase( argc, argv, "legacy_v1_api", phases, sizeof( phases ) / sizeof( phases[ 0 ] ) );
}
