/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: after a reboot the platform is PendingCommit, but the running firmware
 * (1.0.2) is the same version that made the update (updatedBy 0x01000002): the new
 * image did not boot. The agent rejects the image (OtaErrSameFirmwareVersion = 16),
 * reports FAILED "rejected: 0x00000010", tells the application SelfTestFailed and
 * resets the device through the PAL. No StartTest.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 2 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define JOB_ID    "job-selftest-same"

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t mq0;
    size_t pal0;
    char upd[ 320 ];

    fake_setup( "selftest_version" );

    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-st", 5000U, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, "{\"self_test\":\"ready\",\"updatedBy\":\"0x01000002\"}", afr );
    fake_cloud_set_next_job( exec );
    fake_pal.platformState = OtaPalImageStatePendingCommit;
    fake_app.selfTest = OtaImageStateAccepted;

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
            { MQ_PUB, upd, EXP_EXACT, "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"rejected: 0x00000010\"}}", 1, 0 },
        };

        fake_expect_mqtt( mq0, expected, sizeof( expected ) / sizeof( expected[ 0 ] ), "MQTT conversation of a same-version self test" );
    }

    CHECK_INT( 1, fake_pal_count_op( pal0, PAL_SET_STATE ), "setPlatformImageState calls" );

    {
        size_t i;

        for( i = pal0; i < fake_pal_count(); i++ )
        {
            if( fake_pal_get( i )->op == PAL_SET_STATE )
            {
                CHECK_INT( OtaImageStateRejected, fake_pal_get( i )->state, "setPlatformImageState state" );
            }
        }
    }

    CHECK( fake_pal_count_op( pal0, PAL_RESET ) >= 1U, "pal.reset was not called to roll back" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventSelfTestFailed ), "SelfTestFailed callbacks" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventStartTest ), "StartTest callbacks" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_CREATE ), "createFile calls" );
    CHECK_INT( 0, fake_mqtt_count_status( mq0, JOB_ID, "{\"status\":\"SUCCEEDED\"" ), "SUCCEEDED statuses" );
    CHECK_INT( 0, fake_pool_outstanding(), "event buffers still with the agent" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
