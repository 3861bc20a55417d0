/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: first boot of new firmware 1.0.2; the application accepts the image but
 * the PAL cannot commit it (setPlatformImageState(Accepted) returns
 * OtaPalCommitFailed). The agent turns the acceptance into a rejection with the PAL
 * status as reason: FAILED "rejected: 0xeb000000", image state Rejected.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

/* The new image is running. */
const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 2 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define JOB_ID    "job-selftest-commit"

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t mq0;
    size_t pal0;
    char upd[ 320 ];

    fake_setup( "selftest_commit_fail" );

    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-st", 5000U, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, "{\"self_test\":\"ready\",\"updatedBy\":\"0x01000001\"}", afr );
    fake_cloud_set_next_job( exec );
    fake_pal.platformState = OtaPalImageStatePendingCommit;
    fake_app.selfTest = OtaImageStateAccepted;
    fake_pal.setStateResult = OTA_PAL_COMBINE_ERR( OtaPalCommitFailed, 0 );
    fake_pal.setStateResultFor = OtaImageStateAccepted;

    mq0 = fake_mqtt_count();
    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    ( void ) snprintf( upd, sizeof( upd ), "%s", topic_update( JOB_ID ) );
    {
        const MqExpect_t expected[] =
        {
            { MQ_SUB, topic_notify_next(), EXP_ANY,          NULL, 1, 0 },
            { MQ_PUB, topic_next_get(),    EXP_CLIENT_TOKEN, NULL, 1, 0 },
            { MQ_PUB, upd, EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"active\",\"updatedBy\":\"0x01000002\"}}", 1, 0 },
            { MQ_PUB, upd, EXP_EXACT, "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"rejected: 0xeb000000\"}}", 1, 0 },
        };

        fake_expect_mqtt( mq0, expected, sizeof( expected ) / sizeof( expected[ 0 ] ), "MQTT conversation of a self test whose commit failed" );
    }

    {
        const PalExpect_t expected[] =
        {
            { PAL_SET_STATE, OtaImageStateTesting,  0, 0 },
            { PAL_SET_STATE, OtaImageStateAccepted, 0, 0 },
        };

        fake_expect_pal( pal0, expected, 2U, false, "PAL calls of a self test whose commit failed" );
        CHECK( fake_pal_count_op( pal0, PAL_GET_STATE ) >= 1U, "getPlatformImageState never called" );
    }

    {
        long st = fake_cb_find( 0, OtaJobEventStartTest );

        CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventStartTest ), "StartTest callbacks" );
        CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventReceivedJob ), "ReceivedJob callbacks" );
        CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventProcessed ), "Processed callbacks (the job document)" );
        CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventSelfTestFailed ), "SelfTestFailed callbacks" );
        CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );

        if( st >= 0 )
        {
            CHECK( fake_cb_get( ( size_t ) st )->pData == NULL, "StartTest pData is not NULL" );
            abi_note( "OTA_SetImageState(Accepted) with a failing commit -> %s",
                      OTA_Err_strerror( ( OtaErr_t ) fake_cb_get( ( size_t ) st )->apiResult ) );
        }
    }

    CHECK( fake_timer_starts( OtaSelfTestTimer ) >= 1, "self-test timer never started" );
    CHECK_INT( otaconfigSELF_TEST_RESPONSE_WAIT_MS, fake_timer_timeout( OtaSelfTestTimer ), "self-test timer timeout (ms)" );
    CHECK( !fake_timer_armed( OtaSelfTestTimer ), "self-test timer still armed after the self test" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_RESET ), "pal.reset calls" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_CREATE ), "createFile calls (no download in self test)" );
    CHECK_INT( OtaImageStateRejected, OTA_GetImageState(), "OTA_GetImageState after a failed commit" );
    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the self test" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
